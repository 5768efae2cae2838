/** Where a gated call's time goes, and how it changes as a run goes on. */
import { createAuditLog } from "../../src/audit/audit-log.js";
import { checkpointHeader } from "../../src/runtime/checkpoint.js";
import { gatedCall } from "../../src/runtime/gated-call.js";
import { RunSession } from "../../src/runtime/run-session.js";
import type { Store } from "../../src/store/store.js";
import { expectOk, getOrder, inputOf, openRun, sessionParts } from "./gate-setup.js";
import { summarizeNs } from "./samples.js";
import { installSqliteProbe } from "./sqlite-probe.js";
import { type StoreTimings, timedStore } from "./timed-store.js";

/** Sum of the nanoseconds recorded for the store methods whose key passes `pick`. */
function storeNanoseconds(timings: StoreTimings, pick: (method: string) => boolean = () => true): number {
  let total = 0;
  for (const [method, t] of timings) if (pick(method)) total += t.nanoseconds;
  return total;
}

/**
 * Where a gated call's time goes: in the store's methods (Kysely, JSON, hash chain, SQLite), and of that in
 * SQLite's native calls. Runs opened outside the timed store, so that only the calls themselves are counted.
 */
export async function attribute(options: { store: Store; calls: number; callsPerRun: number }) {
  const timings: StoreTimings = new Map();
  const timed = timedStore(options.store, timings);
  const timedAudit = createAuditLog({ store: timed });
  const setupAudit = createAuditLog({ store: options.store });
  const probe = installSqliteProbe();
  try {
    let session: RunSession | undefined;
    let totalNs = 0;
    let sqliteNs = 0;
    let prepareNs = 0;
    let statements = 0;
    let storeNs = 0;
    const perMethod = new Map<string, { calls: number; nanoseconds: number }>();
    for (let i = 0; i < options.calls; i++) {
      if (i % options.callsPerRun === 0) {
        const opened = await openRun({ store: options.store, audit: setupAudit, runId: `attr-${i}` });
        session = new RunSession({ ...sessionParts(opened), store: timed, audit: timedAudit });
      }
      timings.clear();
      const [sqlite0, prepare0, statements0] = [
        probe.nanoseconds,
        probe.prepareNanoseconds,
        probe.statements,
      ];
      const start = process.hrtime.bigint();
      expectOk(
        await gatedCall(session as RunSession, {
          callId: `c${i}`,
          toolName: getOrder.name,
          input: inputOf(i),
        }),
      );
      totalNs += Number(process.hrtime.bigint() - start);
      sqliteNs += probe.nanoseconds - sqlite0;
      prepareNs += probe.prepareNanoseconds - prepare0;
      statements += probe.statements - statements0;
      storeNs += storeNanoseconds(timings);
      for (const [method, t] of timings) {
        const entry = perMethod.get(method) ?? { calls: 0, nanoseconds: 0 };
        entry.calls += t.calls;
        entry.nanoseconds += t.nanoseconds;
        perMethod.set(method, entry);
      }
    }
    const perCall = (ns: number) => ns / options.calls / 1000;
    return {
      totalUs: perCall(totalNs),
      storeUs: perCall(storeNs),
      sqliteUs: perCall(sqliteNs),
      prepareUs: perCall(prepareNs),
      statementsPerCall: statements / options.calls,
      methods: [...perMethod]
        .map(([method, t]) => ({ method, callsPerCall: t.calls / options.calls, us: perCall(t.nanoseconds) }))
        .sort((a, b) => b.us - a.us),
    };
  } finally {
    probe.uninstall();
  }
}

/**
 * Per-call cost as one run goes on. Each call's writes (audit events, journal entry, its checkpoint row and the run's
 * checkpoint header) are one `store.commit`, timed apart. `runs` long runs, one after the other;
 * each bucket pools the same call numbers of every run.
 */
export async function growth(options: { store: Store; calls: number; runs: number }) {
  const window = 25;
  const ends: number[] = [];
  for (const end of [window, 100, 250, 500, 1000, options.calls]) {
    const last = ends.at(-1) ?? 0;
    if (end <= options.calls && end - window >= last) ends.push(end);
  }
  const totals = ends.map(() => [] as number[]);
  const checkpoints = ends.map(() => [] as number[]);
  let checkpointBytes = 0;
  for (let run = 1; run <= options.runs; run++) {
    const timings: StoreTimings = new Map();
    const timed = timedStore(options.store, timings);
    const opened = await openRun({
      store: options.store,
      audit: createAuditLog({ store: options.store }),
      runId: `growth-${run}`,
    });
    const session = new RunSession({
      ...sessionParts(opened),
      store: timed,
      audit: createAuditLog({ store: timed }),
    });
    for (let i = 0; i < options.calls; i++) {
      timings.clear();
      const start = process.hrtime.bigint();
      expectOk(await gatedCall(session, { callId: `c${i}`, toolName: getOrder.name, input: inputOf(i) }));
      const elapsed = Number(process.hrtime.bigint() - start);
      const bucket = ends.findIndex((end) => i < end && i >= end - window);
      if (bucket < 0) continue;
      totals[bucket]?.push(elapsed);
      checkpoints[bucket]?.push(storeNanoseconds(timings, (method) => method === "store.commit"));
    }
    checkpointBytes = Buffer.byteLength(JSON.stringify(checkpointHeader(session.state)));
  }
  return {
    buckets: ends.map((end, k) => ({
      calls: `${end - window + 1}–${end}`,
      total: summarizeNs(totals[k] ?? []),
      checkpoint: summarizeNs(checkpoints[k] ?? []),
    })),
    checkpointBytes,
  };
}
