import { z } from "zod";
import { effectClasses } from "../contract/tool-card.js";
import { fieldPathSyntaxProblem } from "../schema/field-path-syntax.js";
import { matchPatternProblem } from "./match-pattern.js";

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A field path: `items[].price` (every element) only where `elements` allows it. */
const fieldPath = (options: { elements: boolean }) =>
  z
    .string()
    .min(1)
    .superRefine((path, ctx) => {
      const problem = fieldPathSyntaxProblem(path, options);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    });

/** One test on a field of a proposed call's input, e.g. `{ field: discount.percent, gt: 20 }`. */
export const conditionSchema = z
  .strictObject({
    field: fieldPath({ elements: false }),
    equals: scalar.optional(),
    notEquals: scalar.optional(),
    in: z.array(scalar).optional(),
    notIn: z.array(scalar).optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    matches: z.string().optional(),
    exists: z.boolean().optional(),
  })
  .refine((c) => Object.keys(c).length > 1, {
    message:
      "needs an operator besides `field` (equals, notEquals, in, notIn, gt, gte, lt, lte, matches, exists)",
  });
export type Condition = z.infer<typeof conditionSchema>;

/**
 * A policy rule written in YAML. It matches calls by `tool`, `tools` or `effect`, and does exactly one of:
 * `verdict` (deny or require approval, when the `when` conditions all hold), `maxCalls` (a cap per run), or
 * `protectFields` (setting one of these input fields needs approval).
 */
export const declarativeRuleSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-_.]*$/i, "use letters, digits, -, _ or ."),
    description: z.string().optional(),
    tool: z.string().optional(),
    tools: z.array(z.string()).min(1).optional(),
    effect: z.enum(effectClasses).optional(),
    when: z.union([conditionSchema, z.array(conditionSchema).min(1)]).optional(),
    verdict: z.enum(["deny", "require-approval"]).optional(),
    reason: z.string().min(1).optional(),
    maxCalls: z.number().int().min(0).optional(),
    protectFields: z
      .array(fieldPath({ elements: true }))
      .min(1)
      .optional(),
  })
  .superRefine((rule, ctx) => {
    const actions = (["verdict", "maxCalls", "protectFields"] as const).filter(
      (key) => rule[key] !== undefined,
    );
    if (actions.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: `must have exactly one of verdict, maxCalls, protectFields (has ${actions.length === 0 ? "none" : actions.join(", ")})`,
      });
    }
    if (rule.verdict !== undefined && rule.reason === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "is required with `verdict`: say why, in one sentence",
      });
    }
    if (rule.when !== undefined && rule.verdict === undefined) {
      ctx.addIssue({ code: "custom", path: ["when"], message: "only applies to rules with `verdict`" });
    }
    for (const [index, condition] of (Array.isArray(rule.when)
      ? rule.when
      : rule.when
        ? [rule.when]
        : []
    ).entries()) {
      const problem = condition.matches === undefined ? undefined : matchPatternProblem(condition.matches);
      if (problem !== undefined) {
        const path = Array.isArray(rule.when) ? ["when", index, "matches"] : ["when", "matches"];
        ctx.addIssue({ code: "custom", path, message: problem });
      }
    }
  });
export type DeclarativeRule = z.infer<typeof declarativeRuleSchema>;

/** The tool names a declarative rule refers to, for checking against the registry. */
export function ruleToolNames(rule: DeclarativeRule): { name: string; path: (string | number)[] }[] {
  const out: { name: string; path: (string | number)[] }[] = [];
  if (rule.tool !== undefined) out.push({ name: rule.tool, path: ["tool"] });
  for (const [index, name] of (rule.tools ?? []).entries()) out.push({ name, path: ["tools", index] });
  return out;
}
