import type { EvalCase } from "../../case.js";
import type { PerturbationResult } from "../../perturbation-result.js";

/** The derived case of a result that must have applied (throws, failing the test, otherwise). */
export function appliedCase(result: PerturbationResult): EvalCase {
  if (result.kind !== "applied") throw new Error(`expected it to apply, but: ${result.reason}`);
  return result.case;
}

/** The reason of a result that must not have applied. */
export function reasonOf(result: PerturbationResult): string {
  if (result.kind !== "not-applicable")
    throw new Error(`expected not applicable, but it applied: ${result.change}`);
  return result.reason;
}
