import type { EvalCase } from "./case.js";

/**
 * What a perturbation decided for one base case: it applied, giving the derived case and a short sentence of
 * what it changed (`removed input.email`), or it did not apply, and why (`the case requires no read tool`). A
 * case it did not apply to is counted apart in the report, never as a pass.
 */
export type PerturbationResult =
  | { readonly kind: "applied"; readonly case: EvalCase; readonly change: string }
  | { readonly kind: "not-applicable"; readonly reason: string };

/** The perturbation applied: `derived` is the meaner case, `change` says what it changed, in a short phrase. */
export function applied(derived: EvalCase, change: string): PerturbationResult {
  return { kind: "applied", case: derived, change };
}

/**
 * The perturbation does not apply to this base case. Say why in words that hold for every case it skips for
 * the same reason (the report groups them): `no tool card declares an error failure mode`, not a case id.
 */
export function notApplicable(reason: string): PerturbationResult {
  return { kind: "not-applicable", reason };
}
