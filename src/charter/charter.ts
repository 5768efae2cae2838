import type { z } from "zod";
import type { DeclarativeRule } from "../policy/declarative-rule.js";

/** How much a workflow may do without a human. Ordered from least to most. */
export type AutonomyLevel = "shadow" | "draft" | "supervised" | "autonomous";
export const autonomyLevels = ["shadow", "draft", "supervised", "autonomous"] as const;

export interface EscalationRule {
  /** Stable reason code, e.g. `company_size_unknown`. The agent escalates with one of these. */
  reason: string;
  /** When to escalate, in words the agent and a reviewer understand. */
  when: string;
}

/** A compiled charter: one workflow, narrow enough that success and failure are visible. */
export interface Charter {
  readonly kind: "reins.charter";
  /** Identifier, kebab-case. */
  readonly name: string;
  /** Version of this charter; a change to instructions, tools or policy is a new version. */
  readonly version: string;
  readonly description: string;
  readonly trigger: {
    readonly event: string;
    readonly description: string;
    readonly conditions: readonly string[];
  };
  /** Schema of one run's input. */
  readonly input: z.ZodType;
  readonly decision: {
    /** The decisions the workflow can end in. */
    readonly options: readonly string[];
    /** Extra fields of a decision, by name. */
    readonly fields: Readonly<Record<string, z.ZodType>>;
    /** Below this confidence an action becomes a draft. */
    readonly confidenceThreshold: number;
    /** The whole decision: `{ decision, ...fields, confidence, rationale? }`. */
    readonly schema: z.ZodType;
  };
  readonly tools: { readonly allowed: readonly string[]; readonly forbidden: readonly string[] };
  readonly may: readonly string[];
  readonly mayNot: readonly string[];
  readonly dangerousOutputs: readonly string[];
  readonly escalation: readonly EscalationRule[];
  readonly stopConditions: readonly string[];
  readonly autonomy: AutonomyLevel;
  /** The prompt. */
  readonly instructions: string;
  readonly limits: { readonly maxToolCalls: number; readonly maxSteps: number };
  /** Policy rules declared with the charter (YAML or TypeScript). */
  readonly policies: readonly DeclarativeRule[];
  /** The file it was loaded from, when it was. */
  readonly source: string | undefined;
}
