import { expect, it } from "vitest";
import { ErrorCode } from "../../errors/codes.js";
import { type ContractFixture, rejectionOf, T0 } from "./fixture.js";

const run = {
  charter: "lead-routing",
  charterVersion: "1",
  status: "running",
  autonomy: "supervised",
  agent: "function:test",
  input: { leadId: "L-1" },
  outcome: null,
  checkpoint: null,
} as const;

const action = {
  idempotencyKey: "run-1:c1",
  runId: "run-1",
  callId: "c1",
  toolName: "send_email",
  inputHash: "h1",
};

/** `Store.commit` (one step of a run, all or nothing), `runs.calls`, and the run's lease. */
export function stepsContract(f: ContractFixture): void {
  it("writes a step's events, approval, journal entry, call rows and run changes together", async () => {
    await f.store.runs.create({ id: "run-1", ...run });
    await f.store.audit.append({ runId: "run-1", type: "run.started", data: {} });
    const at = f.clock.advance(1);
    const result = await f.store.commit({
      runId: "run-1",
      events: [
        { runId: "run-1", type: "tool.proposed", data: { callId: "c1" } },
        { runId: "run-1", type: "tool.executed", data: { callId: "c1", output: { id: "m1" } } },
      ],
      approval: {
        id: "appr_1",
        runId: "run-1",
        charter: "lead-routing",
        callId: "c2",
        toolName: "send_email",
        input: { to: "a@b.co" },
        inputHash: "h2",
        reasons: [],
      },
      startAction: action,
      finishAction: { idempotencyKey: "run-1:c1", status: "completed", result: { status: "ok" } },
      calls: [{ callId: "c1", position: 0, data: { record: { status: "executed" } } }],
      run: { checkpoint: { schemaVersion: 2 } },
    });
    expect(result.action).toEqual({
      created: true,
      record: { ...action, status: "completed", result: { status: "ok" }, startedAt: at, finishedAt: at },
    });
    const events = await f.store.audit.list("run-1");
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, "run.started"],
      [2, "tool.proposed"],
      [3, "tool.executed"],
    ]);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(await f.store.approvals.get("appr_1")).toMatchObject({ status: "pending", createdAt: at });
    expect(await f.store.runs.calls("run-1")).toEqual([
      { callId: "c1", position: 0, data: { record: { status: "executed" } } },
    ]);
    expect(await f.store.runs.get("run-1")).toMatchObject({
      checkpoint: { schemaVersion: 2 },
      updatedAt: at,
    });
  });

  it("answers the journal record already there for a key, and replaces a call's row, ordering rows by position", async () => {
    await f.store.runs.create({ id: "run-1", ...run });
    await f.store.commit({ runId: "run-1", startAction: action });
    const again = await f.store.commit({ runId: "run-1", startAction: action });
    expect(again.action).toMatchObject({ created: false, record: { status: "started", finishedAt: null } });
    await f.store.commit({
      runId: "run-1",
      calls: [
        { callId: "__proto__", position: 0, data: "pending" },
        { callId: "c2", position: 1, data: "denied" },
      ],
    });
    await f.store.commit({ runId: "run-1", calls: [{ callId: "__proto__", position: 2, data: "executed" }] });
    expect(await f.store.runs.calls("run-1")).toEqual([
      { callId: "c2", position: 1, data: "denied" },
      { callId: "__proto__", position: 2, data: "executed" },
    ]);
    expect(await f.store.runs.calls("run-2")).toEqual([]);
  });

  it("writes nothing of a step under a lease its writer does not hold", async () => {
    await f.store.runs.create({ id: "run-1", ...run });
    expect(await f.store.runs.lease("run-1", { holder: "a", ttlMs: 60_000 })).toEqual({ acquired: true });
    const error = await rejectionOf(
      f.store.commit({
        runId: "run-1",
        lease: { holder: "b" },
        events: [{ runId: "run-1", type: "tool.proposed", data: {} }],
        run: { status: "completed" },
      }),
    );
    expect(error).toMatchObject({ code: ErrorCode.RunLeaseLost });
    expect(await f.store.audit.list("run-1")).toEqual([]);
    expect(await f.store.runs.get("run-1")).toMatchObject({ status: "running" });
    await f.store.commit({
      runId: "run-1",
      lease: { holder: "a", release: true },
      run: { status: "suspended" },
    });
    expect(await f.store.runs.lease("run-1", { holder: "b", ttlMs: 1000 })).toEqual({ acquired: true });
  });

  it("gives the lease to one holder until it expires, is released, or its holder is gone", async () => {
    await f.store.runs.create({ id: "run-1", ...run });
    expect(await f.store.runs.lease("run-1", { holder: "a", ttlMs: 10_000 })).toEqual({ acquired: true });
    expect(await f.store.runs.lease("run-1", { holder: "a", ttlMs: 10_000 })).toEqual({ acquired: true });
    expect(await f.store.runs.lease("run-1", { holder: "b", ttlMs: 10_000 })).toEqual({
      acquired: false,
      lease: { holder: "a", until: "2025-01-01T00:00:10.000Z" },
    });
    expect(
      await f.store.runs.lease("run-1", { holder: "b", ttlMs: 10_000, canReplace: (h) => h === "a" }),
    ).toEqual({ acquired: true });
    f.clock.advance(10);
    expect(await f.store.runs.lease("run-1", { holder: "c", ttlMs: 10_000 })).toEqual({ acquired: true });
    await f.store.runs.release("run-1", "b");
    expect(await f.store.runs.lease("run-1", { holder: "d", ttlMs: 10_000 })).toMatchObject({
      acquired: false,
    });
    await f.store.runs.release("run-1", "c");
    expect(await f.store.runs.lease("run-1", { holder: "d", ttlMs: 10_000 })).toEqual({ acquired: true });
    const unknown = await rejectionOf(f.store.runs.lease("run-2", { holder: "a", ttlMs: 1 }));
    expect(unknown).toMatchObject({ code: ErrorCode.RunInvalid });
  });

  it("appends a decision's audit event with the decision", async () => {
    await f.store.approvals.create({
      id: "appr_1",
      runId: "run-1",
      charter: "lead-routing",
      callId: "c1",
      toolName: "send_email",
      input: {},
      inputHash: "h",
      reasons: [],
    });
    const decided = await f.store.approvals.decide(
      "appr_1",
      { status: "approved", decidedBy: "ana" },
      (record) => ({
        runId: record.runId,
        type: "approval.decided",
        data: { approvalId: record.id, status: record.status },
      }),
    );
    expect(decided).toMatchObject({ status: "approved", decidedBy: "ana", decidedAt: T0 });
    expect((await f.store.audit.list("run-1")).map((e) => [e.type, e.data])).toEqual([
      ["approval.decided", { approvalId: "appr_1", status: "approved" }],
    ]);
  });
}
