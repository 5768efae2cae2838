import { REDACTED } from "../audit/redact.js";
import type { Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import type { EvalCase } from "../eval/case.js";
import type { AuditEvent, ReviewRecord, RunRecord } from "../store/store.js";

/** The review outcomes that make a red-team case: the run was wrong. */
export const regressionOutcomes: readonly ReviewRecord["outcome"][] = ["edited", "rejected"];

/** The red-team case id of a run's review case: one per run, whatever reviews follow. */
export function reviewCaseId(runId: string): string {
  return `rt-review-${runId.replace(/[^A-Za-z0-9._~:-]/g, "-")}`;
}

/** The dotted paths in a value that hold `[REDACTED]` (`email`, `contact.phone`, `notes[1]`). */
export function redactedPaths(value: unknown, at = ""): string[] {
  if (typeof value === "string") return value.includes(REDACTED) ? [at === "" ? "(input)" : at] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => redactedPaths(item, `${at}[${i}]`));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([key, item]) =>
      redactedPaths(item, at === "" ? key : `${at}.${key}`),
    );
  return [];
}

interface ActualCall {
  tool: string;
  input: unknown;
  status: "proposed" | "executed" | "shadowed" | "denied";
}

/** The tool calls a run made, from its audit events (already redacted), in the order it proposed them. */
export function actualCalls(events: readonly AuditEvent[]): ActualCall[] {
  const calls = new Map<string, ActualCall>();
  for (const event of events) {
    const data = event.data as { callId?: string; toolName?: string; input?: unknown; verdict?: unknown };
    if (typeof data?.callId !== "string") continue;
    if (event.type === "tool.proposed")
      calls.set(data.callId, { tool: String(data.toolName), input: data.input ?? {}, status: "proposed" });
    const call = calls.get(data.callId);
    if (call === undefined) continue;
    if (event.type === "tool.executed" || event.type === "tool.replayed") call.status = "executed";
    if (event.type === "tool.shadowed") call.status = "shadowed";
    if (event.type === "tool.verdict" && verdictKind(data.verdict) === "deny") call.status = "denied";
  }
  return [...calls.values()];
}

function verdictKind(verdict: unknown): unknown {
  return (verdict as { type?: unknown } | null)?.type;
}

type Outcome =
  | { type: "decision"; decision: { decision: string; [field: string]: unknown } }
  | { type: "escalation"; reason: string }
  | { type: string };

function describeOutcome(outcome: unknown): unknown {
  const o = outcome as Outcome | null;
  if (o === null || typeof o !== "object") return { type: "none (the run kept no outcome)" };
  if (o.type === "decision" && "decision" in o) {
    const { confidence: _c, rationale: _r, ...decision } = o.decision;
    return { type: "decision", ...decision };
  }
  return o;
}

/**
 * The red-team case a reviewer's `edited` or `rejected` review makes of a run (a value; nothing written): the run's
 * input as stored, the correction as the expected behaviour, the run's actual behaviour, the root cause, and the run
 * and review it came from.
 *
 * - `edited`, or `rejected` with a correction: the corrected decision (else the run's own, when only fields were
 *   corrected) and fields are the expectation; corrected actions are required tools, in their order.
 * - `rejected` without a correction: the tools with effects (draft or action) the run called are forbidden; a run
 *   that called none and ended in a decision forbids taking any action (`noAction`).
 * - The world: a run kept by `reins run` keeps no world snapshot, so the case has none and runs in the suite
 *   environment's base world; the case says so.
 * - An input stored redacted (`[REDACTED]` in it) cannot be replayed: the case is marked `notRunnable` with the
 *   redacted paths, and evals skip it, counted, until a real input is written in.
 */
export function reviewRedteamCase(options: {
  run: RunRecord;
  review: ReviewRecord;
  events: readonly AuditEvent[];
  charter: Charter;
  registry?: ToolRegistry;
  now?: Date;
}): EvalCase {
  const { run, review, charter } = options;
  const calls = actualCalls(options.events);
  const outcome = run.outcome as Outcome | null;
  const ranDecision =
    outcome?.type === "decision" && "decision" in outcome ? outcome.decision.decision : undefined;
  const correction = review.correction;
  const expect: EvalCase["expect"] = {
    fields: {},
    tools: { required: [], ordered: false, forbidden: [] },
    noAction: false,
    recovery: [],
  };
  if (correction !== null) {
    const decision = correction.decision ?? ranDecision;
    if (decision !== undefined) expect.decision = decision;
    else expect.outcome = "decision";
    expect.fields = { ...(correction.fields ?? {}) };
    const actions = correction.actions ?? [];
    if (actions.length > 0)
      expect.tools = { required: actions.map((a) => a.tool), ordered: actions.length > 1, forbidden: [] };
  } else {
    const effectful = calls
      .map((c) => c.tool)
      .filter((tool) => (options.registry?.get(tool)?.effect ?? "action") !== "read");
    if (effectful.length > 0)
      expect.tools = { required: [], ordered: false, forbidden: [...new Set(effectful)] };
    else expect.noAction = true;
  }
  const redacted = redactedPaths(run.input);
  const why = [review.errorType, review.note].filter((part) => part !== null).join(": ");
  return {
    id: reviewCaseId(run.id),
    kind: "failure",
    impact: review.retrainingPriority === "high" ? "high" : "medium",
    description:
      `Regression from review ${review.id} (${review.outcome} by ${review.reviewer}) of run ${run.id} (${run.agent}, ${charter.name} ${run.charterVersion})${why ? `: ${why}` : ""}`.trim(),
    tags: ["redteam", "review", review.outcome, ...(review.errorType ? [review.errorType] : [])],
    input: run.input,
    expect,
    faults: [],
    notes: "",
    redteam: {
      from: `review ${review.id} of run ${run.id}`,
      actual: {
        outcome: describeOutcome(run.outcome),
        toolCalls: calls.map((c) => `${c.tool} ${c.status}`),
      },
      rootCause: review.rootCause ?? "not given in the review",
      correctedOutput:
        correction ??
        `rejected without a correction: the run's ${calls.length > 0 ? "actions" : "action"} must not be taken`,
      addedAt: (options.now ?? new Date()).toISOString(),
      runId: run.id,
      reviewId: review.id,
      world:
        "none kept: a run keeps no world snapshot, so this case runs in the suite environment's base world",
      ...(redacted.length === 0
        ? {}
        : {
            redactedInput: redacted,
            notRunnable: `the run's input was stored redacted (${redacted.join(", ")}); write a real input in and delete notRunnable`,
          }),
    },
  };
}
