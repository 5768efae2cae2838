import { describe, expect, it } from "vitest";
import { makeCharter, newWorld, resumeCrm, runCrm, useTestStore } from "./__fixtures__/crm-workflow.js";
import { functionAgent } from "./agent.js";

const t = useTestStore();

const decide = (decision = "qualified", confidence = 0.9) => ({
  type: "decision" as const,
  decision: { decision, confidence },
});

describe("recovery: missing input", () => {
  it("asks for the specific missing field without running the agent", async () => {
    let ran = false;
    const agent = functionAgent("never", async () => {
      ran = true;
      return decide();
    });
    const result = await runCrm(t, agent, { input: { leadId: "L-1" } });
    expect(ran).toBe(false);
    expect(result.outcome).toEqual({
      type: "needs-input",
      fields: ["domain"],
      question: "Please provide the missing field domain.",
    });
  });

  it("escalates instead when the charter says so", async () => {
    const charter = makeCharter({ recovery: { missingInput: "escalate" } });
    const result = await runCrm(
      t,
      functionAgent("x", async () => decide()),
      { charter, input: { leadId: 5 } },
    );
    expect(result.outcome).toEqual({
      type: "escalation",
      reason: "missing_input",
      evidence: {
        fields: ["leadId", "domain"],
        question: "Please provide the missing field domain and a valid value for leadId.",
      },
    });
  });
});

describe("recovery: conflicting records", () => {
  it("escalates with both records and a recommended resolution", async () => {
    const agent = functionAgent("x", async ({ call }) => {
      await call("lookup", { domain: "twins.com" });
      return decide();
    });
    const result = await runCrm(t, agent);
    expect(result.outcome).toEqual({
      type: "escalation",
      reason: "conflicting_records",
      evidence: {
        callId: "call-1",
        toolName: "lookup",
        input: { domain: "twins.com" },
        error: "conflict: two accounts claim twins.com",
        details: {
          records: [
            { id: "A-1", owner: "ana", verifiedAt: "2026-01-10" },
            { id: "A-2", owner: "bob", verifiedAt: "2025-06-01" },
          ],
        },
      },
      recommendation:
        "Compare the records and keep the one verified most recently; do not act until a human confirms.",
    });
  });
});

describe("recovery: tool failure", () => {
  it("retries once, then succeeds", async () => {
    const world = newWorld();
    const agent = functionAgent("x", async ({ call }) => {
      expect(await call("flaky_score", { leadId: "L-1" })).toEqual({ status: "ok", output: { score: 72 } });
      return decide();
    });
    const result = await runCrm(t, agent, { env: world });
    expect(world.flakyCalls).toBe(2);
    expect(result.toolCalls[0]).toMatchObject({ status: "executed", attempts: 2 });
  });

  it("falls back to the card's fallback tool after the retry fails", async () => {
    const agent = functionAgent("x", async ({ call }) => {
      expect(await call("broken_score", { leadId: "L-1" })).toEqual({ status: "ok", output: { score: 60 } });
      return decide();
    });
    const result = await runCrm(t, agent);
    expect(result.toolCalls[0]).toMatchObject({
      status: "executed",
      attempts: 3,
      fallbackUsed: "cached_score",
    });
  });

  it("pauses the run when there is no fallback; a human resumes it and the call is tried again", async () => {
    let attempts = 0;
    const agent = functionAgent("x", async ({ call }) => {
      attempts++;
      const score = await call("down_score", { leadId: "L-1" });
      return score.status === "ok" ? decide() : decide("nurture");
    });
    const first = await runCrm(t, agent);
    expect(first.status).toBe("suspended");
    expect(first.suspended).toEqual({
      kind: "tool-failure",
      callId: "call-1",
      toolName: "down_score",
      error: "error: scoring service down",
    });
    const resumed = await resumeCrm(t, first.runId, agent, { charter: makeCharter() });
    expect(attempts).toBe(2);
    expect(resumed.status).toBe("suspended");
    // Executed once per round (down_score is idempotent, so its checkpoint row is its only journal entry).
    const executed = (await t.audit.list(first.runId)).filter((e) => e.type === "tool.executed");
    expect(executed.map((e) => (e.data as { callId: string }).callId)).toEqual(["call-1", "call-1"]);
    expect(await t.store.actions.list(first.runId)).toEqual([]);
  });

  it("escalates or continues when the charter says so", async () => {
    const agent = functionAgent("x", async ({ call }) => {
      const score = await call("down_score", { leadId: "L-1" });
      expect(score).toEqual({
        status: "error",
        message: '"down_score" failed after 2 attempt(s): error: scoring service down',
      });
      return decide("nurture");
    });
    const continued = await runCrm(t, agent, {
      charter: makeCharter({ recovery: { toolFailure: "continue" } }),
    });
    expect(continued.outcome).toEqual({
      type: "decision",
      decision: { decision: "nurture", confidence: 0.9 },
      draft: false,
    });
    const escalated = await runCrm(t, agent, {
      charter: makeCharter({ recovery: { toolFailure: "escalate" } }),
    });
    expect(escalated.outcome).toMatchObject({ type: "escalation", reason: "tool_failure" });
  });

  it("abandons a call past its timeout", async () => {
    const agent = functionAgent("x", async ({ call }) => {
      expect(await call("slow_score", { leadId: "L-1" })).toEqual({
        status: "error",
        message: '"slow_score" failed after 1 attempt(s): timeout: "slow_score" did not answer within 30 ms',
      });
      return decide("nurture");
    });
    const result = await runCrm(t, agent, {
      charter: makeCharter({ recovery: { toolFailure: "continue" } }),
    });
    expect(result.outcome?.type).toBe("decision");
  });

  it("blocks abnormal tool data and every action after it", async () => {
    const world = newWorld();
    const agent = functionAgent("x", async ({ call }) => {
      const score = await call("bad_score", { leadId: "L-1" });
      expect(score).toEqual({
        status: "error",
        message:
          '"bad_score" returned abnormal data (score: Too big: expected number to be <=100); the result was blocked and further actions in this run are stopped',
      });
      const update = await call("update_lead", { leadId: "L-1", status: "qualified" });
      expect(update).toMatchObject({
        status: "denied",
        reasons: [{ rule: "abnormal-data", code: "ABNORMAL_DATA" }],
      });
      return decide("nurture");
    });
    const result = await runCrm(t, agent, { env: world });
    expect(world.updates).toEqual([]);
    expect(result.toolCalls.map((c) => c.status)).toEqual(["blocked", "denied"]);
  });
});

describe("recovery: low confidence", () => {
  it("turns an action into a draft (proposal) instead of executing it", async () => {
    const world = newWorld();
    const agent = functionAgent("x", async ({ call }) => {
      const update = await call("update_lead", { leadId: "L-1", status: "qualified" }, { confidence: 0.4 });
      expect(update).toMatchObject({ status: "proposed" });
      return decide("qualified", 0.4);
    });
    const result = await runCrm(t, agent, { env: world });
    expect(world.updates).toEqual([]);
    expect(result.toolCalls[0]?.verdict).toEqual({
      type: "require-approval",
      reasons: [
        {
          rule: "low-confidence",
          code: "LOW_CONFIDENCE",
          message: "confidence 0.4 is below the charter's threshold 0.7; the action becomes a draft",
        },
      ],
    });
    expect(result.outcome).toEqual({
      type: "decision",
      decision: { decision: "qualified", confidence: 0.4 },
      draft: true,
    });
  });

  it("escalates instead when the charter says so", async () => {
    const agent = functionAgent("x", async ({ call }) => {
      await call("update_lead", { leadId: "L-1", status: "qualified" }, { confidence: 0.4 });
      return decide();
    });
    const result = await runCrm(t, agent, {
      charter: makeCharter({ recovery: { lowConfidence: "escalate" } }),
    });
    expect(result.outcome).toMatchObject({ type: "escalation", reason: "low_confidence" });
  });
});

describe("recovery: policy uncertainty and policy conflict", () => {
  it("stops and requests approval when the gate is unsure", async () => {
    const world = newWorld();
    const agent = functionAgent("x", async ({ call }) => {
      await call("update_lead", { leadId: "L-1", status: "qualified", owner: "carol" });
      return decide();
    });
    const result = await runCrm(t, agent, { env: world });
    expect(world.updates).toEqual([]);
    expect(result.status).toBe("suspended");
    expect(result.suspended).toMatchObject({
      kind: "approval",
      approval: { reasons: [{ code: "PROTECTED_FIELD", field: "owner" }] },
    });
    const stop = await runCrm(t, agent, {
      charter: makeCharter({ recovery: { policyUncertainty: "stop" } }),
    });
    expect(stop.outcome).toMatchObject({ type: "escalation", reason: "approval_required" });
  });

  it("follows the policy and explains when an instruction conflicts with it, or stops if declared", async () => {
    const agent = functionAgent("x", async ({ call }) => {
      const denied = await call("delete_account", { domain: "acme.com" });
      return denied.status === "denied" ? { type: "refusal", reason: denied.message } : decide();
    });
    const explained = await runCrm(t, agent);
    expect(explained.outcome).toMatchObject({
      type: "refusal",
      reason: expect.stringMatching(/^Denied by policy: .*forbids "delete_account"/),
    });
    const stopped = await runCrm(t, agent, {
      charter: makeCharter({ recovery: { policyConflict: "stop" } }),
    });
    expect(stopped.outcome).toMatchObject({
      type: "refusal",
      reason: expect.stringMatching(/^policy denied "delete_account"/),
    });
  });
});

describe("decisions from function agents", () => {
  it("are validated against the charter's decision schema, like a model's", async () => {
    const result = await runCrm(
      t,
      functionAgent("sloppy", async () => ({
        type: "decision",
        decision: { decision: "maybe", confidence: 3 },
      })),
    );
    expect(result.outcome).toEqual({
      type: "escalation",
      reason: "needs_review",
      evidence: {
        problem:
          'the decision does not match the charter\'s decision schema (decision: Invalid option: expected one of "qualified"|"nurture"|"disqualified"; confidence: Too big: expected number to be <=1)',
        lastAttempt: { decision: "maybe", confidence: 3 },
      },
    });
  });
});
