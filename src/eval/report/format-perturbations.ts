import type { EvalReport } from "../report.js";
import { perturbationLegend, perturbationSummaries } from "./perturbation-rows.js";
import { formatPercent } from "./report-labels.js";
import { formatTable } from "./text-table.js";

/**
 * The perturbations as terminal lines: derived, applied and not applicable per perturbation, the pass rate over
 * the applied ones (`—` when none applied), and each reason it did not apply with how many base cases.
 */
export function formatPerturbations(report: EvalReport, bold: (text: string) => string): string[] {
  const rows = perturbationSummaries(report);
  if (rows.length === 0) return [];
  const table = formatTable(
    [
      ["", "derived", "applied", "not applicable", "pass (applied)"],
      ...rows.map(([name, p]) => [
        name,
        String(p.derived),
        String(p.applied),
        String(p.notApplicable),
        p.passRate === null ? "—" : formatPercent(p.passRate),
      ]),
    ],
    {},
  );
  const [head, ...body] = table;
  return [
    `${bold("Perturbations")}: ${perturbationLegend}`,
    ...(head === undefined ? [] : [head]),
    ...rows.flatMap(([, p], i) => [
      body[i] ?? "",
      ...p.reasons.map((r) => `      not applicable × ${r.cases}: ${r.reason}`),
    ]),
  ];
}
