import { notApplicable } from "../perturbation-result.js";
import type { Perturbation } from "../suite.js";

/**
 * The default for `duplicate-record`, `stale-record` and `do-nothing`: not applicable. What a duplicate, a
 * stale record or a case with nothing to do looks like depends on the world, so only the suite can declare
 * them; the reason names the perturbation the suite is missing.
 */
export function worldSpecific(name: string): Perturbation {
  return () =>
    notApplicable(`the suite defines no ${name} perturbation (declare it in suite.ts under perturbations)`);
}
