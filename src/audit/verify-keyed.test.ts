import { describe, expect, it } from "vitest";
import { openMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { verifyAudit } from "./verify-audit.js";

const key = { secret: Buffer.from("k".repeat(32)) };

async function oneRun(store: Store): Promise<void> {
  await store.runs.create({
    id: "run-1",
    charter: "c",
    charterVersion: "1",
    status: "running",
    autonomy: "autonomous",
    agent: "function:x",
    input: {},
    outcome: null,
    checkpoint: null,
  });
  await store.commit({
    runId: "run-1",
    events: [{ runId: "run-1", type: "run.started", data: {} }],
    approval: {
      id: "ap-1",
      runId: "run-1",
      charter: "c",
      callId: "call-1",
      toolName: "t",
      input: {},
      inputHash: "h",
      reasons: [],
    },
  });
  await store.audit.append({
    runId: "run-1",
    type: "approval.requested",
    data: { approvalId: "ap-1", callId: "call-1", toolName: "t", reasons: [] },
  });
}

describe("verifyAudit with an audit key", () => {
  it("checks keyed entries with the key, counts them unchecked without it, and names a wrong key", async () => {
    const store = openMemoryStore({ auditKey: key });
    await oneRun(store);
    const events = await store.audit.list("run-1");
    expect(events.map((e) => e.schemaVersion)).toEqual([2, 2]);
    expect((await store.audit.chain()).map((e) => e.schemaVersion)).toEqual([2]);

    expect(await verifyAudit(store, { key })).toMatchObject({
      ok: true,
      keyed: 3,
      unchecked: 0,
      problems: [],
    });
    expect(await verifyAudit(store)).toMatchObject({ ok: false, keyed: 3, unchecked: 3, problems: [] });
    const wrong = await verifyAudit(store, { key: { secret: Buffer.from("w".repeat(32)) } });
    expect(wrong.ok).toBe(false);
    expect(wrong.problems.map((p) => [p.kind, p.scope])).toEqual([["wrong-key", "key"]]);
  });
});

describe("verifyAudit on records", () => {
  it("names an approval row that disagrees with its events", async () => {
    const store = openMemoryStore();
    await oneRun(store);
    await store.approvals.decide("ap-1", { status: "approved", decidedBy: "ann" });
    // Decided without its audit event (as an UPDATE of the approvals table would leave it).
    const report = await verifyAudit(store);
    expect(report.problems).toEqual([
      {
        runId: "run-1",
        seq: 0,
        kind: "disagrees",
        scope: "record",
        message: "the approvals table says approval ap-1 is approved; the audit chain says pending",
      },
    ]);
  });

  it("names a run deleted whole (events and head) from the store chain", async () => {
    const store = openMemoryStore();
    await oneRun(store);
    const chain = await store.audit.chain();
    const emptied: Store = {
      ...store,
      audit: { ...store.audit, list: async () => [], runIds: async () => [], heads: async () => [] },
      runs: { ...store.runs, list: async () => [] },
      approvals: { ...store.approvals, list: async () => [] },
    };
    expect(chain).toHaveLength(1);
    const report = await verifyAudit(emptied);
    expect(report.problems).toEqual([
      {
        runId: "run-1",
        seq: 1,
        kind: "deleted",
        scope: "store",
        message:
          "run run-1 is gone: store chain entry 1 records 1 events of it; none are stored, nor its head",
      },
    ]);
  });
});
