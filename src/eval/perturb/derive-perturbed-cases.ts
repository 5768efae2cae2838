import type { Charter } from "../../charter/charter.js";
import type { ToolRegistry } from "../../contract/tool-registry.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import type { EvalCase } from "../case.js";
import type { PerturbationResult } from "../perturbation-result.js";
import type { PerturbationTally } from "../report.js";
import {
  type Perturbation,
  type PerturbationContext,
  type PerturbationName,
  perturbationNames,
} from "../suite.js";
import { defaultPerturbations } from "./defaults.js";

export interface DerivePerturbedCasesOptions {
  /** The suite's charter (its input schema and recovery paths shape the labels). */
  charter: Charter;
  /** The suite's tools. */
  registry: ToolRegistry;
  /** The suite's own perturbations; each wins over the built-in one of the same name. */
  suiteRules?: Partial<Record<PerturbationName, Perturbation>>;
  /** The suite's `textField`: an input field declared free text. */
  textField?: string;
}

export type { PerturbationTally };

export interface PerturbedCases {
  /** The derived cases: for each base case, one per applicable perturbation, in the order named. */
  cases: EvalCase[];
  /** Per perturbation named, in the order named: derived, applied, not applicable and why. */
  tally: Record<string, PerturbationTally>;
}

/**
 * Derives meaner cases from base cases (SPEC §2). Cases that are already derived are skipped. Each derived
 * case gets the id `<base id>~<name>`, `base`, `perturbation`, `change` (what the perturbation changed), a
 * description prefixed with `[<name>]` and the name as a tag. Base cases are never changed: each perturbation
 * works on a deep copy. A perturbation that returns neither `applied(…)` nor `notApplicable(…)` is a
 * `UserError` naming it.
 */
export function derivePerturbedCases(
  cases: readonly EvalCase[],
  names: readonly PerturbationName[] | "all",
  options: DerivePerturbedCasesOptions,
): PerturbedCases {
  const chosen = names === "all" ? perturbationNames : names;
  const context: PerturbationContext = {
    charter: options.charter,
    registry: options.registry,
    ...(options.textField === undefined ? {} : { textField: options.textField }),
  };
  const derived: EvalCase[] = [];
  const reasons = new Map<string, Map<string, number>>(chosen.map((name) => [name, new Map()]));
  const appliedCount = new Map<string, number>(chosen.map((name) => [name, 0]));
  for (const base of cases) {
    if (base.perturbation !== undefined) continue;
    for (const name of chosen) {
      const own = options.suiteRules?.[name];
      const result = checked(
        (own ?? defaultPerturbations[name])(structuredClone(base), context),
        name,
        base,
        own,
      );
      if (result.kind === "not-applicable") {
        const byReason = reasons.get(name) ?? new Map<string, number>();
        byReason.set(result.reason, (byReason.get(result.reason) ?? 0) + 1);
        continue;
      }
      appliedCount.set(name, (appliedCount.get(name) ?? 0) + 1);
      const made = result.case;
      derived.push({
        ...made,
        id: `${base.id}~${name}`,
        base: base.id,
        perturbation: name,
        change: result.change,
        description: made.description === "" ? `[${name}]` : `[${name}] ${made.description}`,
        tags: made.tags.includes(name) ? made.tags : [...made.tags, name],
      });
    }
  }
  const tally: Record<string, PerturbationTally> = {};
  for (const name of chosen) {
    const byReason = [...(reasons.get(name) ?? new Map<string, number>())]
      .map(([reason, count]) => ({ reason, cases: count }))
      .sort((a, b) => b.cases - a.cases || a.reason.localeCompare(b.reason));
    const notApplicable = byReason.reduce((sum, r) => sum + r.cases, 0);
    const applied = appliedCount.get(name) ?? 0;
    tally[name] = { derived: applied + notApplicable, applied, notApplicable, reasons: byReason };
  }
  return { cases: derived, tally };
}

/** A suite's perturbation written for the old contract (a case or undefined) fails loudly, never silently. */
function checked(
  result: PerturbationResult,
  name: string,
  base: EvalCase,
  own: Perturbation | undefined,
): PerturbationResult {
  const value = result as unknown;
  const kind = typeof value === "object" && value !== null ? (value as { kind?: unknown }).kind : undefined;
  if (kind === "applied" || kind === "not-applicable") return result;
  throw new UserError({
    code: ErrorCode.CaseInvalid,
    message: `the ${own ? "suite's" : "built-in"} ${name} perturbation returned ${value === undefined ? "undefined" : "a value that is not a decision"} for case ${base.id}`,
    path: `perturbations.${name}`,
    hint: 'return applied(derivedCase, "what it changed") or notApplicable("why not") from reins/eval',
  });
}
