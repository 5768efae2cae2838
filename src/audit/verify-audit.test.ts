import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "../audit-event/audit-event.js";
import { computeEventHash } from "../audit-event/event-hash.js";
import { canonicalJson } from "../hash/canonical-hash.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import { type AuditVerification, verifyAudit } from "./verify-audit.js";

let dir: string;
let path: string;

/** A clock that moves one second per reading. */
function tickingClock(): () => Date {
  let tick = 0;
  return () => new Date(Date.UTC(2025, 0, 1) + 1000 * tick++);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "reins-verify-"));
  path = join(dir, "reins.db");
  const store = await openSqliteStore({ path, migrate: true, now: tickingClock() });
  const types = [
    "run.started",
    "context.retrieved",
    "model.called",
    "tool.proposed",
    "tool.verdict",
    "run.ended",
  ];
  for (const [i, type] of types.entries())
    await store.audit.append({ runId: "run-a", type, data: { step: i + 1 } });
  await store.audit.append({ runId: "run-b", type: "run.started", data: { input: {} } });
  await store.audit.append({ runId: "run-b", type: "run.ended", data: { outcome: { type: "refusal" } } });
  await store.close();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs raw SQL against the file, as someone with write access to it could, then verifies through the store. */
async function tamperAndVerify(...statements: string[]): Promise<AuditVerification> {
  const raw = new BetterSqlite3(path);
  for (const statement of statements) raw.exec(statement);
  raw.close();
  const store = await openSqliteStore({ path });
  try {
    return await verifyAudit(store);
  } finally {
    await store.close();
  }
}

function rowOf(seq: number): AuditEvent {
  const raw = new BetterSqlite3(path, { readonly: true });
  const row = raw.prepare("select * from audit_events where run_id = 'run-a' and seq = ?").get(seq) as Record<
    string,
    string
  >;
  raw.close();
  return {
    schemaVersion: 1,
    runId: "run-a",
    seq,
    type: row.type as string,
    at: row.at as string,
    data: JSON.parse(row.data as string),
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

/** An event hashed exactly as the store would, so that only the chain's structure can give it away. */
function forged(event: Omit<AuditEvent, "hash">): string {
  const hash = computeEventHash(event);
  return `insert into audit_events (run_id, seq, type, at, data, prev_hash, hash, schema_version) values ('run-a', ${event.seq}, '${event.type}', '${event.at}', '${canonicalJson(event.data)}', '${event.prevHash}', '${hash}', 1)`;
}

/** The fixture's store chain: run-a and run-b each sealed at start and end; nothing keyed. */
const counts = { storeEntries: 4, certificates: 0, keyed: 0, unchecked: 0 };

const problem = (seq: number, kind: string, message: string) => ({ runId: "run-a", seq, kind, message });

describe("verifyAudit while another handle writes", () => {
  it("reads one snapshot: events appended between its reads are not taken for a rewrite", async () => {
    const reader = await openSqliteStore({ path });
    const writer = await openSqliteStore({ path });
    try {
      let appended = false;
      // Another process's writes land after verify has read the heads, before it reads run-a's events.
      const racing = {
        ...reader,
        audit: {
          ...reader.audit,
          list: async (runId: string) => {
            if (!appended) {
              appended = true;
              await writer.audit.append({ runId: "run-a", type: "note.added", data: { late: true } });
              await writer.audit.append({ runId: "run-b", type: "note.added", data: { late: true } });
            }
            return reader.audit.list(runId);
          },
        },
      };
      const during = await verifyAudit(racing);
      expect(appended).toBe(true);
      expect(during.problems).toEqual([]);
      expect(during).toMatchObject({ ok: true, runs: 2, events: 8 });
      // Afterwards the new events are there and verify too.
      expect(await verifyAudit(reader)).toMatchObject({ ok: true, events: 10 });
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});

describe("verifyAudit", () => {
  it("passes an untouched database", async () => {
    expect(await tamperAndVerify()).toEqual({ ...counts, ok: true, runs: 2, events: 8, problems: [] });
  });

  it.each([
    ["data", `update audit_events set data = '{"step":33}' where run_id = 'run-a' and seq = 3`],
    ["type", "update audit_events set type = 'model.skipped' where run_id = 'run-a' and seq = 3"],
    ["time", "update audit_events set at = '2024-12-31T00:00:00.000Z' where run_id = 'run-a' and seq = 3"],
  ])("names an event whose %s was edited", async (_field, statement) => {
    expect(await tamperAndVerify(statement)).toEqual({
      ...counts,
      ok: false,
      runs: 2,
      events: 8,
      problems: [
        problem(3, "edited", "event 3 no longer matches its hash (data, type, time or link changed)"),
      ],
    });
  });

  it("names an event deleted from the middle", async () => {
    const result = await tamperAndVerify("delete from audit_events where run_id = 'run-a' and seq = 3");
    expect(result.problems).toEqual([problem(3, "deleted", "event 3 is missing")]);
    expect(result.events).toBe(7);
  });

  it("names the first event when it was deleted", async () => {
    const result = await tamperAndVerify("delete from audit_events where run_id = 'run-a' and seq = 1");
    expect(result.problems).toEqual([problem(1, "deleted", "event 1 is missing")]);
  });

  it("names both events when two were swapped", async () => {
    const result = await tamperAndVerify(
      "update audit_events set seq = -3 where run_id = 'run-a' and seq = 3",
      "update audit_events set seq = 3 where run_id = 'run-a' and seq = 4",
      "update audit_events set seq = 4 where run_id = 'run-a' and seq = -3",
    );
    expect(result.problems).toEqual([
      problem(3, "reordered", "event stored at seq 3 was written as seq 4"),
      problem(4, "reordered", "event stored at seq 4 was written as seq 3"),
    ]);
  });

  it("names the missing tail when the last event was deleted", async () => {
    const result = await tamperAndVerify("delete from audit_events where run_id = 'run-a' and seq = 6");
    expect(result.problems).toEqual([
      problem(6, "truncated", "the run's head records 6 events; the chain ends at seq 5"),
    ]);
  });

  it("names a truncated run whose events were all deleted", async () => {
    const result = await tamperAndVerify("delete from audit_events where run_id = 'run-a'");
    expect(result).toEqual({
      ...counts,
      ok: false,
      runs: 2,
      events: 2,
      problems: [problem(1, "truncated", "the run's head records 6 events; none are stored")],
    });
  });

  it("names an event rewritten with a recomputed hash", async () => {
    const original = rowOf(3);
    const { hash: _hash, ...rest } = { ...original, data: { step: 99 } };
    const result = await tamperAndVerify(
      `update audit_events set data = '{"step":99}', hash = '${computeEventHash(rest)}' where run_id = 'run-a' and seq = 3`,
    );
    expect(result.problems).toEqual([
      problem(3, "edited", "event 3 was rewritten: event 4 links to a different hash"),
    ]);
  });

  it("names a forged event appended after the recorded head", async () => {
    const last = rowOf(6);
    const result = await tamperAndVerify(
      forged({ ...last, seq: 7, type: "run.ended", at: "2025-01-01T00:01:00.000Z", prevHash: last.hash }),
    );
    expect(result.problems).toEqual([
      problem(7, "inserted", "event 7 comes after the recorded head (event 6)"),
    ]);
  });

  it("names a forged event inserted in the middle, the events after renumbered", async () => {
    const second = rowOf(2);
    const result = await tamperAndVerify(
      "update audit_events set seq = seq + 100 where run_id = 'run-a' and seq >= 3",
      "update audit_events set seq = seq - 99 where run_id = 'run-a' and seq >= 103",
      forged({ ...second, seq: 3, type: "tool.executed", data: { fake: true }, prevHash: second.hash }),
    );
    expect(result.problems).toEqual([
      problem(3, "inserted", "event 3 is not part of the chain: event 4 links past it"),
    ]);
  });

  it("names an event deleted from the middle, the events after renumbered", async () => {
    const result = await tamperAndVerify(
      "delete from audit_events where run_id = 'run-a' and seq = 3",
      "update audit_events set seq = seq + 100 where run_id = 'run-a' and seq > 3",
      "update audit_events set seq = seq - 101 where run_id = 'run-a' and seq > 100",
    );
    expect(result.problems).toEqual([
      problem(3, "deleted", "event 3 is missing; the events after were renumbered"),
    ]);
  });
});
