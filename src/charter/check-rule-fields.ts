import type { AnyToolCard } from "../contract/tool-card.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { didYouMean } from "../errors/did-you-mean.js";
import type { FieldPath } from "../files/located-document.js";
import {
  checkSchemaPath,
  describeMissingPath,
  type SchemaPathCheck,
  valueKind,
} from "../schema/schema-path.js";
import type { Condition, DeclarativeRule } from "./declarative-rule.js";

/** A problem in one declarative rule, at a path inside it (`["when", 0, "field"]`). */
export interface RuleProblem {
  path: FieldPath;
  message: string;
}

/**
 * Checks the fields a declarative rule reads (`when[].field`, `protectFields`) against the input schema of the
 * tools it matches, so that a rule on a field no call can carry (`total` where the input says `amount`) is an error
 * instead of a rule that never fires. A rule naming tools (`tool`, `tools`) needs the field on each of them; one
 * matching by `effect` (or every tool) needs it on at least one, and must match at least one tool.
 * Unknown tool names are reported by the charter's own check.
 */
export function checkRuleFields(rule: DeclarativeRule, registry: ToolRegistry): RuleProblem[] {
  const named = [...(rule.tool === undefined ? [] : [rule.tool]), ...(rule.tools ?? [])];
  const problems: RuleProblem[] = [];
  let cards: AnyToolCard[];
  if (named.length > 0) {
    cards = named.flatMap((name) => {
      const card = registry.get(name);
      return card && (rule.effect === undefined || card.effect === rule.effect) ? [card] : [];
    });
    if (cards.length === 0 && named.every((name) => registry.has(name)) && rule.effect !== undefined) {
      problems.push({
        path: ["effect"],
        message: `no tool named by this rule has effect "${rule.effect}": the rule never applies`,
      });
    }
  } else {
    cards = registry.all().filter((card) => rule.effect === undefined || card.effect === rule.effect);
    if (cards.length === 0) {
      problems.push({
        path: rule.effect === undefined ? [] : ["effect"],
        message:
          rule.effect === undefined
            ? "no tool is registered: the rule never applies"
            : `no registered tool has effect "${rule.effect}": the rule never applies`,
      });
      return problems;
    }
  }
  if (cards.length === 0) return problems;
  const fields: { field: string; path: FieldPath; kind?: string; elements?: boolean }[] = [];
  const conditions = rule.when === undefined ? [] : Array.isArray(rule.when) ? rule.when : [rule.when];
  for (const [index, condition] of conditions.entries()) {
    const path = Array.isArray(rule.when) ? ["when", index, "field"] : ["when", "field"];
    fields.push({ field: condition.field, path, ...kindOf(condition) });
  }
  for (const [index, field] of (rule.protectFields ?? []).entries())
    fields.push({ field, path: ["protectFields", index], elements: true });
  for (const { field, path, kind, elements } of fields) {
    const missing = cards.flatMap((card) => {
      const check = checkSchemaPath(card.input, field, { elements: elements === true });
      return check.ok ? [] : [{ card, check }];
    });
    if (named.length > 0) {
      for (const { card, check } of missing)
        problems.push({
          path,
          message: `field "${field}" is not in the input of tool "${card.name}": ${describeMissingPath(check)}${suggest(check, kind)}`,
        });
    } else if (missing.length === cards.length) {
      // Matched by effect: one tool with the field is enough (the rule targets the tools that have it).
      const first = missing[0]?.check as Extract<SchemaPathCheck, { ok: false }>;
      const merged = {
        ...first,
        known: [...new Set(missing.flatMap(({ check }) => check.known))],
        shape: Object.assign({}, ...missing.map(({ check }) => check.shape ?? {})),
      };
      problems.push({
        path,
        message: `field "${field}" is in the input of no tool this rule matches (${cards.map((c) => c.name).join(", ")})${suggest(merged, kind)}`,
      });
    }
  }
  return problems;
}

/** The kind of value a condition compares with: numbers for gt/gte/lt/lte, strings for matches. */
function kindOf(condition: Condition): { kind?: string } {
  if ([condition.gt, condition.gte, condition.lt, condition.lte].some((v) => v !== undefined))
    return { kind: "number" };
  if (condition.matches !== undefined) return { kind: "string" };
  return {};
}

/**
 * A near spelling; else, when the condition compares numbers (or strings) and exactly one field there holds that
 * kind, that field (`total` → `amount`).
 */
function suggest(check: Extract<SchemaPathCheck, { ok: false }>, kind: string | undefined): string {
  const near = didYouMean(check.at, check.known);
  if (near !== "" || kind === undefined || check.shape === undefined) return near;
  const sameKind = Object.entries(check.shape).filter(([, schema]) => valueKind(schema) === kind);
  return sameKind.length === 1 ? ` (did you mean ${sameKind[0]?.[0]}?)` : "";
}
