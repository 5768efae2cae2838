import type { Charter } from "../charter/charter.js";
import type { AnyToolCard } from "../contract/tool-card.js";
import { createToolRegistry, type ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { Reason } from "../policy/verdict.js";
import type { ApprovalRecord } from "../store/store.js";
import type { AgentConclusion, ToolCallResult } from "./agent.js";
import { decideApproval } from "./approvals.js";
import { type AgentCallRequest, gatedCall, judgeCall } from "./gated-call.js";
import { callAfterInterrupt, RunInterrupt } from "./interrupt.js";
import type { RunResult } from "./outcome.js";
import { approvalId } from "./plan-call.js";
import { finish, type SessionStartOptions, startSession, suspend, traced } from "./run-agent.js";
import type { RunSession } from "./run-session.js";

export interface ToolSessionOptions extends Omit<SessionStartOptions, "agent" | "registry" | "timeoutMs"> {
  /** The tool cards the charter's names resolve to (a list, or a registry). */
  tools: readonly AnyToolCard[] | ToolRegistry;
  /** The run's agent as reports show it, e.g. `ai-sdk:gpt-4.1-mini`. Default `sdk`. */
  agent?: string;
}

/** What a call through a session gives back: the gate's result, or why it did not run now. */
export type SessionCallResult =
  | ToolCallResult
  /** The gate wants a human's approval first: decide `approvalId`, then make the same call again. */
  | { status: "pending-approval"; approvalId: string; reasons: Reason[]; message: string }
  /** A recovery path or a paused tool failure stopped the run: no call runs any more; end the session. */
  | { status: "stopped"; message: string };

/** One call as an SDK hands it over. */
export interface SessionCall {
  /** The SDK's id for the call: an approval is bound to it. */
  callId: string;
  toolName: string;
  input: unknown;
  confidence?: number;
  basedOn?: string[];
}

/**
 * A Reins run driven by someone else's agent loop (the AI SDK's, the OpenAI Agents SDK's): every call passes the
 * same gate as in `runAgent` — charter, card, policy, autonomy, kill switch, approvals, journal, audit log — and
 * what the gate decides comes back as a value for the SDK to hand to its model.
 */
export interface ToolSession {
  readonly runId: string;
  readonly charter: Charter;
  /** The cards the session's calls resolve to. */
  readonly registry: ToolRegistry;
  /** The gate's judgement and, when it allows the call, its execution under the card. */
  call(call: SessionCall): Promise<SessionCallResult>;
  /**
   * The gate's judgement without executing: `"execute"` when `call` would run it now (nothing is written), else the
   * result `call` will give (it is recorded now; an approval request is created). For approval hooks and guardrails.
   */
  judge(call: SessionCall): Promise<SessionCallResult | "execute">;
  /**
   * Whether the gate asked a human to approve this call (and has not executed or settled it since): an SDK that
   * checks its approval hook again after its own approval step needs it to keep saying so.
   */
  askedApproval(callId: string): boolean;
  /** The id of the approval a call waits for (as `reins approvals list` shows it). */
  approvalId(callId: string): string;
  /** Records a human's decision on the approval a call waits for (`decideApproval`). */
  decide(options: {
    callId: string;
    decision: "approved" | "rejected";
    decidedBy: string;
    note?: string;
  }): Promise<ApprovalRecord>;
  /**
   * Ends the run with the agent's conclusion (validated against the charter like any run's), or with what stopped
   * it; writes `run.ended` and assesses the kill switch. No call is accepted afterwards.
   */
  end(conclusion: AgentConclusion): Promise<RunResult>;
}

/**
 * Starts a run for an agent loop Reins does not drive, and returns its session. The run is recorded, leased and
 * audited from its start (`run.started`); `end` ends it. A session's calls are handled one at a time, in the order
 * they come, so that parallel tool calls of one model step are judged as a sequence.
 */
export async function openToolSession(options: ToolSessionOptions): Promise<ToolSession> {
  const registry = Array.isArray(options.tools)
    ? createToolRegistry(options.tools as readonly AnyToolCard[])
    : (options.tools as ToolRegistry);
  const { agent, tools: _tools, ...rest } = options;
  const { session, lease } = await startSession({ ...rest, registry }, agent ?? "sdk");
  let queue: Promise<unknown> = Promise.resolve();
  let ended = false;
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const open = (what: string) => {
    if (ended) {
      throw new UserError({
        code: ErrorCode.RunInvalid,
        message: `run ${session.runId} already ended; ${what}`,
        hint: "open a new session for a new run",
      });
    }
  };
  return {
    runId: session.runId,
    charter: session.charter,
    registry,
    call: (call) =>
      serial(async () => {
        open(`"${call.toolName}" was not called`);
        if (session.state.interrupt) return stopped(session, call.toolName);
        try {
          return await gatedCall(session, toRequest(call));
        } catch (error) {
          return afterInterrupt(session, error);
        }
      }),
    judge: (call) =>
      serial(async () => {
        open(`"${call.toolName}" was not judged`);
        if (session.state.interrupt) return stopped(session, call.toolName);
        try {
          return await judgeCall(session, toRequest(call));
        } catch (error) {
          return afterInterrupt(session, error);
        }
      }),
    askedApproval: (callId) => session.state.calls.get(callId)?.record.status === "pending-approval",
    approvalId: (callId) => approvalId(session.runId, callId, "approval"),
    decide: (decision) =>
      decideApproval({
        store: options.store,
        audit: options.audit,
        approvalId: approvalId(session.runId, decision.callId, "approval"),
        decision: decision.decision,
        decidedBy: decision.decidedBy,
        ...(decision.note === undefined ? {} : { note: decision.note }),
      }),
    end: (conclusion) =>
      serial(async () => {
        open("it cannot end again");
        ended = true;
        try {
          // The run's span (started with the session) ends with it.
          return await traced(session, () => {
            const interrupt = session.state.interrupt;
            if (interrupt?.type === "suspend") return suspend(session, interrupt.suspended);
            return finish(session, options, interrupt?.conclusion ?? conclusion);
          });
        } finally {
          lease.stop();
        }
      }),
  };
}

function toRequest(call: SessionCall): AgentCallRequest {
  return {
    callId: call.callId,
    toolName: call.toolName,
    input: call.input,
    ...(call.confidence === undefined ? {} : { confidence: call.confidence }),
    ...(call.basedOn === undefined ? {} : { basedOn: call.basedOn }),
  };
}

/**
 * What a call that the gate interrupted gives back. An approval does not stop someone else's loop: the SDK asks its
 * human, and the same call made again after the decision passes the gate (executing once); so the suspension is
 * lifted here, with its request and the call's record already written. A conclusion or a paused failure stops the run.
 */
function afterInterrupt(session: RunSession, error: unknown): SessionCallResult {
  if (!(error instanceof RunInterrupt)) throw error;
  const { state } = session;
  const interrupt = state.interrupt;
  if (interrupt?.type === "suspend" && interrupt.suspended.kind === "approval") {
    const { approval } = interrupt.suspended;
    state.interrupt = null;
    state.suspended = null;
    return {
      status: "pending-approval",
      approvalId: approval.approvalId,
      reasons: approval.reasons,
      message: `Waiting for a human's approval (${approval.approvalId}); "${approval.toolName}" has not been executed.`,
    };
  }
  return stopped(session, "");
}

function stopped(session: RunSession, toolName: string): SessionCallResult {
  const interrupt = session.state.interrupt;
  if (interrupt === null) throw new Error("stopped() without an interrupt");
  const message = toolName
    ? callAfterInterrupt(session.runId, toolName, interrupt).message
    : interrupt.type === "conclude"
      ? `The run is over (${interrupt.conclusion.type}): make no further calls.`
      : interrupt.suspended.kind === "tool-failure"
        ? `The run is paused after "${interrupt.suspended.toolName}" failed: make no further calls.`
        : `The run waits for approval ${interrupt.suspended.approval.approvalId}: make no further calls.`;
  return { status: "stopped", message };
}
