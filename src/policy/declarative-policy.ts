import type { Charter } from "../charter/charter.js";
import type { Condition, DeclarativeRule } from "../charter/declarative-rule.js";
import { compileMatchPattern, type MatchPattern } from "../charter/match-pattern.js";
import { readField, setsField } from "./field-path.js";
import { definePolicy, type PolicyRule } from "./policy-rule.js";
import { allow, deny, requireApproval } from "./verdict.js";

/** Turns a charter's YAML policy rules into policy rules (the runtime does it once per run, in `gateRules`). */
export function declarativePolicies(charter: Charter): PolicyRule[] {
  return charter.policies.map(compileDeclarativeRule);
}

export function compileDeclarativeRule(rule: DeclarativeRule): PolicyRule {
  const conditions = rule.when === undefined ? [] : Array.isArray(rule.when) ? rule.when : [rule.when];
  const patterns = new Map(
    conditions.filter((c) => c.matches !== undefined).map((c) => [c, compileMatchPattern(c.matches ?? "")]),
  );
  return definePolicy({
    name: rule.name,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    check(call, { tool, callCountByTool }) {
      const matchesTool =
        (rule.tool === undefined || rule.tool === call.toolName) &&
        (rule.tools === undefined || rule.tools.includes(call.toolName)) &&
        (rule.effect === undefined || rule.effect === tool?.effect);
      if (!matchesTool) return allow();
      if (rule.maxCalls !== undefined) {
        const made = callCountByTool[call.toolName] ?? 0;
        return made >= rule.maxCalls
          ? deny(
              "MAX_CALLS",
              `"${call.toolName}" may be called at most ${rule.maxCalls} time(s) per run (${rule.name})`,
            )
          : allow();
      }
      if (rule.protectFields !== undefined) {
        const field = rule.protectFields.find((f) => setsField(call.input, f));
        return field === undefined
          ? allow()
          : requireApproval(
              "PROTECTED_FIELD",
              `"${call.toolName}" would overwrite protected field "${field}" (${rule.name})`,
              field,
            );
      }
      if (!conditions.every((c) => holds(c, readField(call.input, c.field), patterns.get(c)))) return allow();
      const reason = rule.reason ?? rule.name;
      return rule.verdict === "deny"
        ? deny("POLICY_DENY", reason)
        : requireApproval("POLICY_APPROVAL", reason);
    },
  });
}

function holds(c: Condition, value: unknown, pattern: MatchPattern | undefined): boolean {
  const present = value !== undefined && value !== null;
  if (c.exists !== undefined && present !== c.exists) return false;
  if (c.equals !== undefined && value !== c.equals) return false;
  if (c.notEquals !== undefined && value === c.notEquals) return false;
  if (c.in && !c.in.includes(value as never)) return false;
  if (c.notIn?.includes(value as never)) return false;
  const n = typeof value === "number" ? value : Number.NaN;
  if (c.gt !== undefined && !(n > c.gt)) return false;
  if (c.gte !== undefined && !(n >= c.gte)) return false;
  if (c.lt !== undefined && !(n < c.lt)) return false;
  if (c.lte !== undefined && !(n <= c.lte)) return false;
  if (pattern !== undefined && !(typeof value === "string" && pattern.test(value))) return false;
  return true;
}
