import type { Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import type { RunOutcome, ToolCallRecord, Usage } from "../runtime/outcome.js";
import type { CallResolution } from "./call-verdict.js";
import type { EvalCase, GateVerdict } from "./case.js";

/**
 * How a trial ended: the run's outcome, or `paused` when a tool failure suspended it for a human. A `proxied` outcome
 * (a call made for an outside agent through `reins mcp-proxy`) is no trial's: a trial that ends so is an error.
 */
export type TrialOutcome =
  | Exclude<RunOutcome, { type: "proxied" }>
  | { type: "paused"; toolName: string; error: string };

/** Everything a scorer may look at for one trial. */
export interface TrialContext {
  case: EvalCase;
  charter: Charter;
  registry: ToolRegistry;
  outcome: TrialOutcome;
  toolCalls: readonly ToolCallRecord[];
  /** The world before and after, as JSON snapshots. */
  initialState: unknown;
  finalState: unknown;
  /** The oracle's final state (normalized), when the case has an oracle. */
  goldState: unknown | undefined;
  /** Compares states the way the environment wants (normalized). */
  normalize: (state: unknown) => unknown;
}

export const scoreCategories = [
  "taskSuccess",
  "toolCorrectness",
  "dataAccuracy",
  "policyCompliance",
  "recovery",
] as const;
export type ScoreCategory = (typeof scoreCategories)[number];

/** One category's verdict on one trial; every failure is a sentence naming what was expected and what happened. */
export interface CategoryScore {
  passed: boolean;
  failures: string[];
}

/** A scoring category: the five built-in ones, or a custom one. */
export interface Scorer {
  /** The category's name; custom scorers must not reuse the built-in names. */
  readonly name: string;
  score(trial: TrialContext): CategoryScore | Promise<CategoryScore>;
}

export interface TrialFailure {
  category: string;
  message: string;
}

/** One scored trial: an entry of the report's `results`. */
export interface TrialResult {
  caseId: string;
  trial: number;
  kind: EvalCase["kind"];
  impact: EvalCase["impact"];
  /** The perturbation that derived this case, or null for a base case. */
  perturbation: string | null;
  /** The base case, for derived ones. */
  base: string | null;
  /** What the perturbation changed, for a derived case (`removed input.email`); absent for a base case. */
  change?: string;
  /** True for cases from the suite's red-team library. */
  redteam: boolean;
  decision: string | null;
  expectedDecision: string | null;
  outcome: TrialOutcome;
  /** Every category, 1 (passed) or 0, including custom ones. */
  scores: Record<string, number>;
  /** All categories passed. */
  passed: boolean;
  failures: TrialFailure[];
  toolCalls: {
    callId: string;
    toolName: string;
    status: string;
    input: unknown;
    /** The gate's verdict: an approved call still reads `require-approval` (absent from reports written before gate labels). */
    verdict?: GateVerdict;
    /** What became of it: allowed, approved, rejected, pending, proposed, denied or shadowed. */
    resolution?: CallResolution;
    /** How its approval was answered during evaluation, when the gate asked. */
    approval?: {
      callId: string;
      approvalId: string;
      status: "approved" | "rejected";
      decidedBy: string;
      note?: string;
    };
    attempts?: number;
    fallbackUsed?: string;
  }[];
  /** `sha256` of the RFC 8785 canonical JSON of the final world. */
  finalStateHash: string;
  durationMs: number;
  usage: Usage;
  runId: string;
}
