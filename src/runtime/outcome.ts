import type { Reason, Verdict } from "../policy/verdict.js";
import type { RunStatus } from "../store/store.js";

/** A decision the agent reached, validated against the charter's decision schema. */
export interface DecisionRecord {
  decision: string;
  confidence: number;
  rationale?: string;
  [field: string]: unknown;
}

/** How a run ended. Expected outcomes are values, not exceptions. */
export type RunOutcome =
  /** `draft` is true when confidence fell below the charter's threshold: a human must confirm it. */
  | { type: "decision"; decision: DecisionRecord; draft: boolean }
  | { type: "escalation"; reason: string; evidence: unknown; recommendation?: string }
  | { type: "needs-input"; fields: string[]; question: string }
  | { type: "refusal"; reason: string }
  /** One call made for an outside agent through `reins mcp-proxy`; `status` is what came of it. */
  | {
      type: "proxied";
      toolName: string;
      status: "ok" | "denied" | "proposed" | "shadowed" | "rejected" | "error";
    }
  | { type: "error"; code: string; message: string };

/** What can happen to one proposed tool call. */
export const toolCallStatuses = [
  "executed",
  "denied",
  "proposed",
  "shadowed",
  "pending-approval",
  "rejected",
  "failed",
  "blocked",
] as const;

/** What happened to one proposed tool call. */
export type ToolCallStatus = (typeof toolCallStatuses)[number];

export interface ToolCallRecord {
  callId: string;
  toolName: string;
  input: unknown;
  verdict: Verdict;
  status: ToolCallStatus;
  /** The tool's validated output, when it executed. */
  output?: unknown;
  /** The failure, when it failed or was blocked. */
  error?: string;
  /** Executions tried (1 + retries), and whether a fallback tool answered. */
  attempts?: number;
  fallbackUsed?: string;
  approvedBy?: string;
  /** True when the result came from the journal of a resumed run instead of a new execution. */
  replayed?: boolean;
}

export interface PendingApproval {
  approvalId: string;
  callId: string;
  toolName: string;
  reasons: Reason[];
}

export interface Usage {
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
}

/** What `runAgent` and `resumeRun` return. */
export interface RunResult {
  runId: string;
  status: RunStatus;
  /** Null while suspended. */
  outcome: RunOutcome | null;
  /** Why the run is suspended: an approval to decide, or a paused tool failure. */
  suspended?:
    | { kind: "approval"; approval: PendingApproval }
    | { kind: "tool-failure"; callId: string; toolName: string; error: string };
  toolCalls: ToolCallRecord[];
  usage: Usage;
  /** What went wrong around the run without changing its outcome (e.g. the kill switch could not be assessed). */
  warnings?: string[];
}
