import type { z } from "zod";
import type { DeclarativeRule } from "./declarative-rule.js";

/** How much a workflow may do without a human. Ordered from least to most. */
export type AutonomyLevel = "shadow" | "draft" | "supervised" | "autonomous";
export const autonomyLevels = ["shadow", "draft", "supervised", "autonomous"] as const;

export interface EscalationRule {
  /** Stable reason code, e.g. `company_size_unknown`. The agent escalates with one of these. */
  reason: string;
  /** When to escalate, in words the agent and a reviewer understand. */
  when: string;
}

/**
 * The built-in recovery paths (SPEC §1), each declarable per charter:
 * - `missingInput`: input lacks a required field → `ask` for the specific field, or `escalate`.
 * - `conflictingRecords`: a tool reports conflicting records → `escalate` with both and a recommendation, or `stop`.
 * - `toolFailure`: retries and fallback exhausted → `pause` the run for a human, `escalate`, or `continue` (tell the agent).
 * - `lowConfidence`: confidence below the threshold → the action becomes a `draft`, or the run escalates.
 * - `policyUncertainty`: the gate requires approval → `request-approval` (suspend), or `stop`.
 * - `policyConflict`: the agent asks for something the policy denies → `explain` (follow policy, tell the agent why), or `stop`.
 */
export interface RecoveryPaths {
  readonly missingInput: "ask" | "escalate";
  readonly conflictingRecords: "escalate" | "stop";
  readonly toolFailure: "pause" | "escalate" | "continue";
  readonly lowConfidence: "draft" | "escalate";
  readonly policyUncertainty: "request-approval" | "stop";
  readonly policyConflict: "explain" | "stop";
}

export const recoveryDefaults: RecoveryPaths = {
  missingInput: "ask",
  conflictingRecords: "escalate",
  toolFailure: "pause",
  lowConfidence: "draft",
  policyUncertainty: "request-approval",
  policyConflict: "explain",
};

/** When a workflow stops itself: error rate over a sliding window of runs, and repeated same-reason escalations. */
export interface KillSwitchSettings {
  readonly errorRate: { readonly threshold: number; readonly window: number; readonly minRuns: number };
  readonly sameReasonEscalations: number;
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
  readonly tools: {
    readonly allowed: readonly string[];
    readonly forbidden: readonly string[];
    /** Tools a call of which must name the facts it rests on (`basedOn`); one that names none is denied. */
    readonly requireBasedOn: readonly string[];
  };
  readonly may: readonly string[];
  readonly mayNot: readonly string[];
  readonly dangerousOutputs: readonly string[];
  readonly escalation: readonly EscalationRule[];
  readonly stopConditions: readonly string[];
  readonly autonomy: AutonomyLevel;
  /** The prompt. */
  readonly instructions: string;
  readonly limits: {
    readonly maxToolCalls: number;
    readonly maxSteps: number;
    /** How long one model request may take, its retries and their waits included. */
    readonly modelTimeoutMs: number;
    /** How long driving the run may take (each start or resume); none when omitted. */
    readonly runTimeoutMs?: number;
  };
  /** Policy rules declared with the charter (YAML or TypeScript). */
  readonly policies: readonly DeclarativeRule[];
  /** Fields redacted from the audit log (names at any depth, or dotted paths), besides common secret patterns. */
  readonly redact: readonly string[];
  readonly recovery: RecoveryPaths;
  readonly killSwitch: KillSwitchSettings;
  /** The file it was loaded from, when it was. */
  readonly source: string | undefined;
}
