import { z } from "zod";
import { autonomyLevels, recoveryDefaults } from "./charter.js";
import { declarativeRuleSchema } from "./declarative-rule.js";

/** The longest time limit a charter may set: one hour. */
const maxLimitMs = 3_600_000;

const text = z.string().trim().min(1, "must not be empty");
const names = z.array(z.string().min(1)).default([]);

/**
 * The charter as written (YAML, JSON or a TypeScript object). Schemas (`input`, `decision.fields.*`) are
 * checked separately so that a zod schema or a YAML field schema are both accepted. An omitted section
 * (`limits`, `recovery`, `killSwitch`) is parsed as `{}` (`prefault`), so its defaults are written once, on its fields.
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
  tools: z.strictObject({ allowed: names, forbidden: names, requireBasedOn: names }),
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
      // Bounded so that a typo (an extra zero or two) is an error, not a run that can hang for days.
      modelTimeoutMs: z
        .number()
        .int()
        .positive()
        .max(maxLimitMs, "at most 3600000 (one hour)")
        .default(60_000),
      runTimeoutMs: z.number().int().positive().max(maxLimitMs, "at most 3600000 (one hour)").optional(),
    })
    .prefault({}),
  policies: z.array(declarativeRuleSchema).default([]),
  redact: z.array(z.string().min(1)).default([]),
  recovery: z
    .strictObject({
      missingInput: z.enum(["ask", "escalate"]).default(recoveryDefaults.missingInput),
      conflictingRecords: z.enum(["escalate", "stop"]).default(recoveryDefaults.conflictingRecords),
      toolFailure: z.enum(["pause", "escalate", "continue"]).default(recoveryDefaults.toolFailure),
      lowConfidence: z.enum(["draft", "escalate"]).default(recoveryDefaults.lowConfidence),
      policyUncertainty: z.enum(["request-approval", "stop"]).default(recoveryDefaults.policyUncertainty),
      policyConflict: z.enum(["explain", "stop"]).default(recoveryDefaults.policyConflict),
    })
    .prefault({}),
  killSwitch: z
    .strictObject({
      errorRate: z
        .strictObject({
          threshold: z.number().min(0).max(1).default(0.3),
          window: z.number().int().positive().default(20),
          minRuns: z.number().int().positive().default(5),
        })
        .prefault({}),
      sameReasonEscalations: z.number().int().min(2).default(3),
    })
    .prefault({}),
});

export type CharterFormat = z.input<typeof charterFormat>;
