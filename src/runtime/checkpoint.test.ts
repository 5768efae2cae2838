import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ApprovalRecord, RunRecord } from "../store/store.js";
import { scriptedModel } from "../testing/index.js";
import {
  charter,
  makeCharter,
  newWorld,
  registry,
  resumeCrm,
  useTestStore,
} from "./__fixtures__/crm-workflow.js";
import { functionAgent, modelAgent } from "./agent.js";
import { decideApproval } from "./approvals.js";
import { readCheckpoint } from "./checkpoint.js";
import { resumeRun } from "./run-agent.js";

const t = useTestStore();

interface Fixture {
  run: RunRecord;
  approvals: ApprovalRecord[];
}

/** A run written by Reins 0.1.0 (checkpoint schemaVersion 1), put into today's store as it was stored then. */
async function load(name: string): Promise<Fixture> {
  const url = new URL(`../../test/fixtures/checkpoints-v1/${name}.json`, import.meta.url);
  const fixture = JSON.parse(readFileSync(url, "utf8")) as Fixture;
  const { createdAt: _c, updatedAt: _u, ...run } = fixture.run;
  await t.store.runs.create(run);
  for (const approval of fixture.approvals) {
    const { status: _s, decidedBy: _d, note: _n, createdAt: _a, decidedAt: _t, ...pending } = approval;
    await t.store.approvals.create(pending);
  }
  return fixture;
}

const approve = (approvalId: string) =>
  decideApproval({ store: t.store, audit: t.audit, approvalId, decision: "approved", decidedBy: "maria" });

describe("checkpoints written by Reins 0.1.0 (schemaVersion 1)", () => {
  it("resumes a function agent's run suspended on an approval, replaying the call it made", async () => {
    const fixture = await load("function-approval-pending");
    await approve(fixture.approvals[0]?.id ?? "");
    const world = newWorld();
    const agent = functionAgent("fn-v1", async ({ call }) => {
      await call("lookup", { domain: "acme.com" });
      await call("update_lead", { leadId: "L-1", status: "qualified" });
      return { type: "decision", decision: { decision: "qualified", confidence: 0.9 } };
    });
    const resumed = await resumeCrm(t, fixture.run.id, agent, { env: world });
    expect(resumed.status).toBe("completed");
    expect(resumed.toolCalls.map((c) => [c.callId, c.toolName, c.status, c.approvedBy])).toEqual([
      ["call-1", "lookup", "executed", undefined],
      ["call-2", "update_lead", "executed", "maria"],
    ]);
    expect(world.updates).toEqual([{ leadId: "L-1", status: "qualified" }]);
  });

  it("resumes a model agent's run where its conversation stopped", async () => {
    const fixture = await load("model-approval-pending");
    await approve(fixture.approvals[0]?.id ?? "");
    const world = newWorld();
    const model = scriptedModel({
      steps: [
        { toolCalls: [{ toolName: "reins_decide", input: { decision: "qualified", confidence: 0.9 } }] },
      ],
    });
    const resumed = await resumeCrm(t, fixture.run.id, modelAgent(model, { name: "scripted" }), {
      env: world,
    });
    expect(resumed.status).toBe("completed");
    expect(resumed.outcome).toMatchObject({ type: "decision", decision: { decision: "qualified" } });
    expect(resumed.toolCalls.map((c) => [c.callId, c.toolName, c.status])).toEqual([
      ["tc-1", "lookup", "executed"],
      ["tc-2", "send_email", "executed"],
    ]);
    expect(world.sent).toEqual([{ to: "ana@acme.com", body: "Hello" }]);
    expect(resumed.usage.modelCalls).toBe(3);
  });

  it("resumes a run paused on a tool failure, retrying the failed call (and only it)", async () => {
    const fixture = await load("function-tool-failure-paused");
    const agent = functionAgent("fn-v1-fail", async ({ call }) => {
      await call("lookup", { domain: "acme.com" });
      const score = await call("down_score", { leadId: "L-1" });
      return {
        type: "decision",
        decision: { decision: score.status === "ok" ? "qualified" : "nurture", confidence: 0.9 },
      };
    });
    const resumed = await resumeRun({
      runId: fixture.run.id,
      charter: makeCharter({ recovery: { toolFailure: "pause" } } as never),
      registry,
      agent,
      store: t.store,
      audit: t.audit,
      env: newWorld(),
    });
    // down_score is always down: retried once more, it pauses the run again, on its second round.
    expect(resumed.status).toBe("suspended");
    expect(resumed.suspended).toEqual({
      kind: "tool-failure",
      callId: "call-2",
      toolName: "down_score",
      error: "error: scoring service down",
    });
    const executed = (await t.audit.list(fixture.run.id)).filter((e) => e.type === "tool.executed");
    expect(executed.map((e) => (e.data as { callId: string }).callId)).toEqual(["call-2"]);
  });
});

describe("reading a checkpoint", () => {
  it("refuses a version it does not know, saying which", () => {
    expect(() => readCheckpoint("run-9", { schemaVersion: 3, anything: true }, [])).toThrow(
      expect.objectContaining({
        code: "REINS_CHECKPOINT_INVALID",
        message:
          "run run-9 has a checkpoint of schemaVersion 3, which this version of Reins does not read (it reads 1 and 2)",
      }),
    );
    expect(() => readCheckpoint("run-9", "garbage", [])).toThrow(
      expect.objectContaining({ code: "REINS_CHECKPOINT_INVALID" }),
    );
  });

  it("names the field of a corrupt one instead of casting it", () => {
    const fixture = JSON.parse(
      readFileSync(
        new URL("../../test/fixtures/checkpoints-v1/function-approval-pending.json", import.meta.url),
        "utf8",
      ),
    ) as Fixture;
    const checkpoint = { ...(fixture.run.checkpoint as object), callCount: "two" };
    expect(() => readCheckpoint("run-9", checkpoint, [])).toThrow(
      expect.objectContaining({
        code: "REINS_CHECKPOINT_INVALID",
        message:
          "run run-9 has a corrupt checkpoint: callCount: Invalid input: expected number, received string",
      }),
    );
  });

  it("keeps call ids named like object built-ins", () => {
    const state = readCheckpoint(
      "run-9",
      {
        schemaVersion: 2,
        callCount: 1,
        callCountByTool: [["lookup", 1]],
        abnormal: false,
        nextPosition: 1,
        usage: { modelCalls: 0, inputTokens: 0, outputTokens: 0 },
        retryRounds: [],
        agent: null,
        suspended: null,
        interrupt: null,
      },
      [
        {
          callId: "__proto__",
          position: 0,
          data: {
            record: {
              callId: "__proto__",
              toolName: "lookup",
              input: {},
              verdict: { type: "allow" },
              status: "executed",
            },
            result: { status: "ok", output: 1 },
          },
        },
      ],
    );
    expect([...state.calls.keys()]).toEqual(["__proto__"]);
    expect(state.calls.get("__proto__")?.result).toEqual({ status: "ok", output: 1 });
    expect(charter.name).toBe("crm-test");
  });
});
