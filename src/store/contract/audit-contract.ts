import { expect, it } from "vitest";
import type { AuditEvent } from "../../audit-event/audit-event.js";
import { computeEventHash, GENESIS_HASH, nextAuditEvent } from "../../audit-event/event-hash.js";
import { nextStoreEntry } from "../../audit-event/store-chain-hash.js";
import { type ContractFixture, T0 } from "./fixture.js";

/** `Store["audit"]`: appends form a hash chain per run; heads track each chain's end. */
export function auditContract(f: ContractFixture): void {
  it("appends events as a hash chain: seq 1..n, each linked to the previous hash", async () => {
    const first = await f.store.audit.append({
      runId: "run-1",
      type: "run.started",
      data: { input: { a: 1 } },
    });
    const expectedFirst: AuditEvent = {
      schemaVersion: 1,
      runId: "run-1",
      seq: 1,
      type: "run.started",
      at: T0,
      data: { input: { a: 1 } },
      prevHash: GENESIS_HASH,
      // Pinned: the hash format is durable (sha256 of prevHash + RFC 8785 JSON of the event without its hash).
      hash: "0b295d36818704e3aefec6966e021cb6c2502c144079658e4cdc88d7d69795f7",
    };
    expect(first).toEqual(expectedFirst);

    const at2 = f.clock.advance(1);
    const second = await f.store.audit.append({ runId: "run-1", type: "model.called", data: { step: 1 } });
    const at3 = f.clock.advance(1);
    const third = await f.store.audit.append({ runId: "run-1", type: "run.ended", data: { outcome: null } });
    expect([second.seq, second.at, second.prevHash]).toEqual([2, at2, first.hash]);
    expect([third.seq, third.at, third.prevHash]).toEqual([3, at3, second.hash]);
    for (const event of [first, second, third]) {
      const { hash, ...unhashed } = event;
      expect(computeEventHash(unhashed)).toBe(hash);
    }
    // Each event is the one nextAuditEvent (exported by reins/store for third-party stores) builds after its head.
    expect(nextAuditEvent(third, { count: 2, headHash: second.hash }, third.at)).toEqual(third);
    expect(nextAuditEvent(first, undefined, first.at)).toEqual(first);
    expect(await f.store.audit.list("run-1")).toEqual([first, second, third]);
    expect(await f.store.audit.list("run-unknown")).toEqual([]);
  });

  it("stores data as JSON: undefined fields are dropped, and what append returns is what list returns", async () => {
    const event = await f.store.audit.append({
      runId: "run-1",
      type: "tool.proposed",
      data: { callId: "c1", input: { b: 2, a: undefined }, list: [1, "x", null, { z: true }] },
    });
    expect(event.data).toEqual({ callId: "c1", input: { b: 2 }, list: [1, "x", null, { z: true }] });
    expect(await f.store.audit.list("run-1")).toEqual([event]);
  });

  it("keeps one chain per run, lists run ids by first event, and records each chain's head", async () => {
    await f.store.audit.append({ runId: "run-b", type: "run.started", data: {} });
    f.clock.advance(1);
    const a1 = await f.store.audit.append({ runId: "run-a", type: "run.started", data: {} });
    f.clock.advance(1);
    const b2 = await f.store.audit.append({ runId: "run-b", type: "run.ended", data: {} });
    expect([a1.seq, a1.prevHash]).toEqual([1, GENESIS_HASH]);
    expect(b2.seq).toBe(2);
    expect(await f.store.audit.runIds()).toEqual(["run-b", "run-a"]);
    expect(await f.store.audit.heads()).toEqual([
      { runId: "run-a", count: 1, headHash: a1.hash },
      { runId: "run-b", count: 2, headHash: b2.hash },
    ]);
  });

  it("reads one run's head, the same as heads() lists it", async () => {
    await f.store.audit.append({ runId: "run-1", type: "run.started", data: {} });
    const last = await f.store.audit.append({ runId: "run-1", type: "run.ended", data: {} });
    await f.store.audit.append({ runId: "run-2", type: "run.started", data: {} });
    expect(await f.store.audit.head("run-1")).toEqual({ runId: "run-1", count: 2, headHash: last.hash });
    expect((await f.store.audit.heads()).find((head) => head.runId === "run-1")).toEqual(
      await f.store.audit.head("run-1"),
    );
    expect(await f.store.audit.head("run-unknown")).toBeUndefined();
  });

  it("assigns contiguous seqs to concurrent appends to one run", async () => {
    const appended = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        f.store.audit.append({ runId: "run-1", type: "test", data: { i } }),
      ),
    );
    expect(appended.map((event) => event.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    const events = await f.store.audit.list("run-1");
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(events.slice(1).map((event) => event.prevHash)).toEqual(
      events.slice(0, -1).map((event) => event.hash),
    );
    expect(await f.store.audit.heads()).toEqual([{ runId: "run-1", count: 25, headHash: events[24]?.hash }]);
  });

  it("adds a store-chain entry with the run's head at lifecycle events only, through append and commit", async () => {
    await f.store.audit.append({ runId: "run-1", type: "run.started", data: {} });
    // A step's events: one entry for the step, after its last event, however many lifecycle events it holds.
    await f.store.commit({
      runId: "run-1",
      events: [
        { runId: "run-1", type: "tool.proposed", data: {} },
        { runId: "run-1", type: "tool.verdict", data: {} },
      ],
    });
    await f.store.commit({
      runId: "run-2",
      events: [
        { runId: "run-2", type: "run.started", data: {} },
        { runId: "run-2", type: "context.retrieved", data: {} },
      ],
    });
    await f.store.audit.append({ runId: "run-1", type: "run.ended", data: { status: "completed" } });
    const chain = await f.store.audit.chain();
    const run1 = await f.store.audit.list("run-1");
    const run2 = await f.store.audit.list("run-2");
    expect(chain.map((e) => [e.seq, e.runId, e.runCount, e.runHead])).toEqual([
      [1, "run-1", 1, run1[0]?.hash],
      [2, "run-2", 2, run2[1]?.hash],
      [3, "run-1", 4, run1[3]?.hash],
    ]);
    let tail: { seq: number; hash: string } | undefined;
    for (const entry of chain) {
      expect(entry).toEqual(
        nextStoreEntry(
          { runId: entry.runId, count: entry.runCount, headHash: entry.runHead },
          tail,
          entry.at,
          undefined,
        ),
      );
      expect(entry.schemaVersion).toBe(1);
      tail = entry;
    }
  });
}
