import type { AuditSink } from "../audit/audit-log.js";
import type { AutonomyLevel, Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { ReinsError, SystemError, UserError } from "../errors/reins-error.js";
import { canonicalJson, hashJson } from "../hash/canonical-hash.js";
import type { PolicyRule } from "../policy/policy-rule.js";
import { type AgentConclusion, functionAgent, type ToolCallResult } from "../runtime/agent.js";
import type { RunResult } from "../runtime/outcome.js";
import { plainData } from "../runtime/plain-data.js";
import { resumeRun, runAgent } from "../runtime/run-agent.js";
import type { Store } from "../store/store.js";

/** What a proxy needs to run the gate: the workflow, the upstream's cards, and where runs are kept. */
export interface ProxyCallOptions {
  charter: Charter;
  /** The upstream's tools as cards (`upstreamCards`). */
  registry: ToolRegistry;
  policies: readonly PolicyRule[];
  store: Store;
  audit: AuditSink;
  /** Lowers the charter's autonomy for the session (never raises it: `runAgent` caps it at the certified level). */
  autonomy?: AutonomyLevel;
}

/** A proxied call's input, as its run records it. */
export interface ProxyRunInput {
  tool: string;
  arguments: unknown;
}

/** What came of a proxied call, for the MCP client: the upstream's result, or Reins' word on why there is none. */
export type ProxiedCall =
  | { type: "executed"; runId: string; output: unknown }
  | { type: "answered"; runId: string | undefined; isError: boolean; text: string };

/** The agent label of proxy runs: a proxy only resumes runs it started. */
export const proxyAgentName = "mcp-proxy";
const proxyAgentLabel = `function:${proxyAgentName}`;

/**
 * One MCP tool call through the gate, as one run: the run's input is `{ tool, arguments }` and its agent makes that
 * one call and ends (`proxied`, or an `error` when the call failed, so that the kill switch counts it). A call the
 * gate suspends for approval leaves its run suspended; the next identical call (same tool, same arguments: the
 * approval's tool and input hash) resumes that run, and the call executes — once, under the run's idempotency key —
 * if the approval was granted. A later identical call is a new call: a new run, asking again.
 */
export async function proxyCall(
  options: ProxyCallOptions,
  toolName: string,
  args: unknown,
): Promise<ProxiedCall> {
  const input: ProxyRunInput = { tool: toolName, arguments: args ?? {} };
  let answer: ToolCallResult | undefined;
  const agent = functionAgent(proxyAgentName, async (context): Promise<AgentConclusion> => {
    const asked = context.input as ProxyRunInput;
    answer = await context.call(asked.tool, asked.arguments, { callId: "call-1" });
    if (answer.status === "error")
      throw new SystemError({ code: ErrorCode.McpUpstream, message: answer.message });
    return { type: "proxied", toolName: asked.tool, status: answer.status };
  });
  const common = {
    charter: options.charter,
    registry: options.registry,
    policies: options.policies,
    agent,
    store: options.store,
    audit: options.audit,
  };
  let result: RunResult;
  try {
    const waiting = await waitingRun(options.store, options.charter, input);
    result =
      waiting === undefined
        ? await runAgent({ ...common, input, ...(options.autonomy ? { autonomy: options.autonomy } : {}) })
        : await resumeRun({ ...common, runId: waiting, input });
  } catch (error) {
    return refusedToStart(options.charter.name, error);
  }
  return describeResult(result, toolName, answer);
}

/**
 * The suspended proxy run an identical call resumes: the one whose pending (or decided) approval is for this tool and
 * this input's hash, else one paused on this call's failure (matched by its recorded input). Undefined when none.
 */
async function waitingRun(
  store: Store,
  { name: charter, version }: Pick<Charter, "name" | "version">,
  input: ProxyRunInput,
): Promise<string | undefined> {
  // A run of another version of the charter cannot be resumed under this one: the call is then a new one.
  const resumable = (run: { status: string; agent: string; charterVersion: string } | undefined) =>
    run?.status === "suspended" && run.agent === proxyAgentLabel && run.charterVersion === version;
  const copied = plainData(input.arguments);
  if (!copied.ok) return undefined;
  const inputHash = hashJson(copied.value);
  for (const status of ["approved", "rejected", "pending"] as const) {
    const approvals = await store.approvals.list({ status });
    for (const approval of approvals) {
      if (
        approval.charter !== charter ||
        approval.toolName !== input.tool ||
        approval.inputHash !== inputHash
      )
        continue;
      const run = await store.runs.get(approval.runId);
      if (run !== undefined && resumable(run)) return run.id;
    }
  }
  const wanted = canonicalJson({ tool: input.tool, arguments: copied.value });
  const suspended = await store.runs.list({ charter, status: "suspended", limit: 200 });
  return suspended.find((run) => resumable(run) && sameJson(run.input, wanted))?.id;
}

function sameJson(value: unknown, canonical: string): boolean {
  try {
    return canonicalJson(value) === canonical;
  } catch {
    return false;
  }
}

/** A call that did not get a run: the workflow is paused, another call drives the same run, or the store failed. */
function refusedToStart(charter: string, error: unknown): ProxiedCall {
  if (ReinsError.isInstance(error) && error.code === ErrorCode.WorkflowPaused) {
    return answered(
      undefined,
      `Not executed: ${error.message}. A human resumes it with \`reins workflow resume ${charter}\`.`,
    );
  }
  if (ReinsError.isInstance(error) && error.code === ErrorCode.RunBusy) {
    return answered(
      undefined,
      "Not executed here: another call is executing this approved call right now; it runs once. Wait for its result.",
    );
  }
  if (UserError.isInstance(error) && error.code === ErrorCode.RunInvalid) {
    return answered(undefined, `Not executed: ${error.message}. Make the call again to start a new one.`);
  }
  throw error;
}

function describeResult(
  result: RunResult,
  toolName: string,
  answer: ToolCallResult | undefined,
): ProxiedCall {
  const { runId } = result;
  const suspended = result.suspended;
  if (result.status === "suspended" && suspended?.kind === "approval") {
    const { approvalId, reasons } = suspended.approval;
    return answered(
      runId,
      `Not executed: "${toolName}" waits for a human's approval ${approvalId} (${reasons.map((r) => r.message).join("; ")}). ` +
        `Decide it with \`reins approvals approve ${approvalId}\` (or \`reins approvals reject ${approvalId} --reason …\`), or on the dashboard; ` +
        "once it is approved, make this same call again (same tool, same arguments) and it executes, once.",
    );
  }
  if (result.status === "suspended" && suspended?.kind === "tool-failure") {
    return answered(
      runId,
      `"${toolName}" failed: ${suspended.error}. Reins paused the call; make the same call again to retry it.`,
    );
  }
  if (answer !== undefined) {
    switch (answer.status) {
      case "ok":
        return { type: "executed", runId, output: answer.output };
      case "shadowed":
        return {
          type: "answered",
          runId,
          isError: false,
          text: `Recorded, not executed: "${toolName}" runs in shadow mode (autonomy shadow); nothing was changed.`,
        };
      case "denied":
        return answered(
          runId,
          `Denied by Reins: ${answer.reasons.map((r) => r.message).join("; ")}. Not executed; do not retry or work around it.`,
        );
      case "proposed":
        return answered(
          runId,
          `Not executed: proposed for human review (${answer.proposalId}); the workflow runs in draft mode.`,
        );
      case "rejected":
        return answered(runId, `Not executed: a human rejected this call (${answer.reason}).`);
      case "error":
        return answered(runId, answer.message);
    }
  }
  const outcome = result.outcome;
  switch (outcome?.type) {
    case "refusal":
      return answered(runId, `Not executed: ${outcome.reason}`);
    case "escalation":
      return answered(
        runId,
        `Not executed: escalated to a human (${outcome.reason})${outcome.recommendation ? `: ${outcome.recommendation}` : ""}.`,
      );
    case "needs-input":
      return answered(runId, `Not executed: ${outcome.question}`);
    case "error":
      return answered(runId, `Not executed: ${outcome.message} [${outcome.code}]`);
    default:
      return answered(runId, `Not executed: the run ended ${result.status} without a call.`);
  }
}

function answered(runId: string | undefined, text: string): ProxiedCall {
  return { type: "answered", runId, isError: true, text };
}
