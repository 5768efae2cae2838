import { z } from "zod";
import { declarativeRuleSchema } from "../policy/declarative-rule.js";
import { autonomyLevels, recoveryDefaults } from "./charter.js";

const text = z.string().trim().min(1, "must not be empty");
const names = z.array(z.string().min(1)).default([]);

/**
 * The charter as written (YAML, JSON or a TypeScript object). Schemas (`input`, `decision.fields.*`) are
 * checked separately so that a zod schema or a YAML field schema are both accepted.
 */
export const charterFormat = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and - (e.g. lead-routing)"),
  version: z.union([z.string().min(1), z.number()]).transform(String),
  description: z.string().default(""),
  trigger: z.strictObject({
    event: text,
    description: z.string().default(""),
    conditions: names,
  }),
  input: z.unknown().refine((v) => v !== undefined, "is required (a schema of the run's input)"),
  decision: z.strictObject({
    options: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/, "use snake_case (e.g. route_to_sales)"))
      .min(2, "needs at least two decisions"),
    fields: z
      .record(z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, "field names use letters, digits and _"), z.unknown())
      .default({}),
    confidenceThreshold: z.number().min(0).max(1).default(0.7),
  }),
  tools: z.strictObject({ allowed: names, forbidden: names }),
  may: names,
  mayNot: names,
  dangerousOutputs: names,
  escalation: z
    .array(z.strictObject({ reason: z.string().regex(/^[a-z][a-z0-9_]*$/, "use snake_case"), when: text }))
    .default([]),
  stopConditions: names,
  autonomy: z.enum(autonomyLevels),
  instructions: text,
  limits: z
    .strictObject({
      maxToolCalls: z.number().int().positive().default(20),
      maxSteps: z.number().int().positive().default(12),
    })
    .default({ maxToolCalls: 20, maxSteps: 12 }),
  policies: z.array(declarativeRuleSchema).default([]),
  redact: z.array(z.string().min(1)).default([]),
  recovery: z
    .strictObject({
      missingInput: z.enum(["ask", "escalate"]).default("ask"),
      conflictingRecords: z.enum(["escalate", "stop"]).default("escalate"),
      toolFailure: z.enum(["pause", "escalate", "continue"]).default("pause"),
      lowConfidence: z.enum(["draft", "escalate"]).default("draft"),
      policyUncertainty: z.enum(["request-approval", "stop"]).default("request-approval"),
      policyConflict: z.enum(["explain", "stop"]).default("explain"),
    })
    .default(recoveryDefaults),
  killSwitch: z
    .strictObject({
      errorRate: z
        .strictObject({
          threshold: z.number().min(0).max(1).default(0.3),
          window: z.number().int().positive().default(20),
          minRuns: z.number().int().positive().default(5),
        })
        .default({ threshold: 0.3, window: 20, minRuns: 5 }),
      sameReasonEscalations: z.number().int().min(2).default(3),
    })
    .default({ errorRate: { threshold: 0.3, window: 20, minRuns: 5 }, sameReasonEscalations: 3 }),
});

export type CharterFormat = z.input<typeof charterFormat>;
