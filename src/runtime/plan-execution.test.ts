import { describe, expect, it } from "vitest";
import type { RecoveryPaths } from "../charter/charter.js";
import { defineCharter } from "../charter/define-charter.js";
import type { AnyToolCard } from "../contract/tool-card.js";
import { lookup, registry, sendEmail } from "../policy/__fixtures__/gate-fixture.js";
import type { ActionRecord } from "../store/store.js";
import type { ExecutionResult } from "./execute-tool.js";
import type { Execution } from "./plan-call.js";
import { planExecuted, planPriorAction } from "./plan-execution.js";
import { freshRunState } from "./run-state.js";

function charterWith(recovery: Partial<RecoveryPaths>) {
  return defineCharter(
    {
      name: "gate-test",
      version: 1,
      trigger: { event: "test" },
      input: { type: "object" },
      decision: { options: ["accept", "reject"] },
      tools: { allowed: ["lookup", "send_email"], forbidden: [] },
      autonomy: "autonomous",
      instructions: "Test charter.",
      recovery,
    },
    { registry },
  );
}

const request = (card: AnyToolCard) => ({ callId: "c1", toolName: card.name, input: { x: 1 } });
const execution = (card: AnyToolCard): Execution => ({
  card,
  input: { x: 1 },
  parsed: { x: 1 },
  verdict: { type: "allow" },
  idempotencyKey: "run-1:c1",
});

const results: Record<string, ExecutionResult> = {
  ok: { status: "ok", output: { owner: "ana" }, attempts: 1 },
  abnormal: { status: "abnormal", issues: "owner: expected string", attempts: 1 },
  "error (stop)": { status: "failed", condition: "error", message: "503", response: "stop", attempts: 2 },
  "error (escalate)": {
    status: "failed",
    condition: "error",
    message: "503",
    response: "escalate",
    attempts: 1,
  },
  conflict: {
    status: "failed",
    condition: "conflict",
    message: "two owners",
    response: "escalate",
    attempts: 1,
  },
  timeout: { status: "failed", condition: "timeout", message: "no answer", response: "stop", attempts: 2 },
};

/** The step after each execution result × tool (idempotent read, non-idempotent action) × recovery setting. */
const table: [string, string, string, string][] = [
  ["ok", "lookup", "default", "answer ok · journal completed"],
  ["ok", "send_email", "default", "answer ok · journal completed"],
  ["abnormal", "lookup", "default", "answer error · journal failed · abnormal"],
  ["error (stop)", "lookup", "default", "suspend tool-failure · journal failed · retry round 1"],
  ["error (stop)", "lookup", "toolFailure: continue", "answer error · journal failed"],
  ["error (stop)", "lookup", "toolFailure: escalate", "conclude escalation:tool_failure · journal failed"],
  ["error (escalate)", "lookup", "default", "conclude escalation:tool_failure · journal failed"],
  [
    "error (escalate)",
    "lookup",
    "toolFailure: continue",
    "conclude escalation:tool_failure · journal failed",
  ],
  ["conflict", "lookup", "default", "conclude escalation:conflicting_records · journal failed"],
  ["conflict", "lookup", "conflictingRecords: stop", "conclude refusal · journal failed"],
  ["conflict", "lookup", "toolFailure: continue", "conclude escalation:conflicting_records · journal failed"],
  ["timeout", "lookup", "default", "suspend tool-failure · journal failed · retry round 1"],
  ["timeout", "lookup", "toolFailure: continue", "answer error · journal failed"],
  ["timeout", "send_email", "default", "conclude escalation:action_outcome_unknown · journal open"],
  [
    "timeout",
    "send_email",
    "toolFailure: continue",
    "conclude escalation:action_outcome_unknown · journal open",
  ],
  ["error (stop)", "send_email", "default", "suspend tool-failure · journal failed · retry round 1"],
];

const recoveries: Record<string, Partial<RecoveryPaths>> = {
  default: {},
  "toolFailure: continue": { toolFailure: "continue" },
  "toolFailure: escalate": { toolFailure: "escalate" },
  "conflictingRecords: stop": { conflictingRecords: "stop" },
};

describe("planExecuted: what an execution's result means for the run", () => {
  it.each(table)("%s from %s (%s) → %s", (resultName, toolName, recovery, expected) => {
    const card = toolName === "lookup" ? lookup : sendEmail;
    const result = results[resultName] as ExecutionResult;
    const plan = planExecuted(
      { charter: charterWith(recoveries[recovery] ?? {}), state: freshRunState() },
      request(card),
      execution(card),
      result,
      5,
    );
    const { step } = plan;
    const what =
      step.type === "answer"
        ? `answer ${step.result.status}`
        : step.type === "suspend"
          ? `suspend ${step.suspended.kind}`
          : step.conclusion.type === "escalation"
            ? `conclude escalation:${step.conclusion.reason}`
            : `conclude ${step.conclusion.type}`;
    const parts = [
      what,
      plan.action === undefined ? "journal open" : `journal ${plan.action.status}`,
      ...(plan.abnormal ? ["abnormal"] : []),
      ...(plan.retryRound === undefined ? [] : [`retry round ${plan.retryRound}`]),
    ];
    expect(parts.join(" · ")).toBe(expected);
  });

  it("records an executed call exactly", () => {
    expect(
      planExecuted(
        { charter: charterWith({}), state: freshRunState() },
        request(lookup),
        execution(lookup),
        results.ok as ExecutionResult,
        5,
      ),
    ).toEqual({
      events: [
        {
          type: "tool.executed",
          data: {
            callId: "c1",
            toolName: "lookup",
            status: "ok",
            output: { owner: "ana" },
            attempts: 1,
            durationMs: 5,
          },
        },
      ],
      record: {
        callId: "c1",
        toolName: "lookup",
        input: { x: 1 },
        verdict: { type: "allow" },
        status: "executed",
        output: { owner: "ana" },
        attempts: 1,
      },
      action: { status: "completed", result: { status: "ok", output: { owner: "ana" } } },
      step: { type: "answer", result: { status: "ok", output: { owner: "ana" } } },
    });
  });
});

describe("planPriorAction: an execution the journal already knows", () => {
  const prior = (status: ActionRecord["status"], result: unknown): ActionRecord => ({
    idempotencyKey: "run-1:c1",
    runId: "run-1",
    callId: "c1",
    toolName: "send_email",
    inputHash: "h",
    status,
    result,
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: status === "started" ? null : "2026-01-01T00:00:01.000Z",
  });

  it("replays a finished one", () => {
    const plan = planPriorAction(
      request(sendEmail),
      execution(sendEmail),
      prior("completed", { status: "ok", output: { id: "m1" } }),
    );
    expect(plan?.step).toEqual({ type: "answer", result: { status: "ok", output: { id: "m1" } } });
    expect(plan?.record).toMatchObject({ status: "executed", output: { id: "m1" }, replayed: true });
  });

  it("escalates a started non-idempotent one and lets an idempotent one run again", () => {
    expect(
      planPriorAction(request(sendEmail), execution(sendEmail), prior("started", null))?.step,
    ).toMatchObject({
      type: "conclude",
      conclusion: { type: "escalation", reason: "action_outcome_unknown" },
    });
    expect(planPriorAction(request(lookup), execution(lookup), prior("started", null))).toBeUndefined();
  });
});
