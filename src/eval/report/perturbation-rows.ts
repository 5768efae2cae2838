import type { EvalReport, PerturbationSummary } from "../report.js";

/** What the perturbation table says above itself: how to read the counts. */
export const perturbationLegend =
  "derived: one per base case; applied ones ran, not applicable ones did not and count as no pass; the pass rate is over the applied ones only";

/** The requested perturbations in the order they were named; none for a report without them. */
export function perturbationSummaries(report: EvalReport): [string, PerturbationSummary][] {
  return Object.entries(report.perturbations ?? {});
}
