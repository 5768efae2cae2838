import type { Charter } from "../../charter/charter.js";
import type { ToolRegistry } from "../../contract/tool-registry.js";
import type { EvalCase } from "../case.js";
import { type Perturbation, type PerturbationName, perturbationNames } from "../suite.js";
import type { PerturbationContext } from "./context.js";
import { defaultPerturbations } from "./defaults.js";

export interface DerivePerturbedCasesOptions {
  /** The suite's charter (its input schema and recovery paths shape the labels). */
  charter: Charter;
  /** The suite's tools. */
  registry: ToolRegistry;
  /** The suite's own perturbations; each wins over the built-in one of the same name. */
  suiteRules?: Partial<Record<PerturbationName, Perturbation>>;
  /** The suite's `textField`, where contradictory instructions are planted. */
  textField?: string;
}

export interface PerturbedCases {
  /** The derived cases: for each base case, one per applicable perturbation, in the order named. */
  cases: EvalCase[];
  /** How many base cases each perturbation did not apply to (names that always applied are absent). */
  notApplicable: Record<string, number>;
}

/**
 * Derives meaner cases from base cases (SPEC §2). Cases that are already derived are skipped. Each derived
 * case gets the id `<base id>~<name>`, `base`, `perturbation`, a description prefixed with `[<name>]` and the
 * name as a tag. Base cases are never changed: each perturbation works on a deep copy.
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
  const notApplicable: Record<string, number> = {};
  for (const base of cases) {
    if (base.perturbation !== undefined) continue;
    for (const name of chosen) {
      const perturb = options.suiteRules?.[name] ?? defaultPerturbations[name];
      const result = perturb(structuredClone(base), context);
      if (result === undefined) {
        notApplicable[name] = (notApplicable[name] ?? 0) + 1;
        continue;
      }
      derived.push({
        ...result,
        id: `${base.id}~${name}`,
        base: base.id,
        perturbation: name,
        description: result.description === "" ? `[${name}]` : `[${name}] ${result.description}`,
        tags: result.tags.includes(name) ? result.tags : [...result.tags, name],
      });
    }
  }
  return { cases: derived, notApplicable };
}
