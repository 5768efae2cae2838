import {
  type AuditEvent,
  type AuditHead,
  type AuditKey,
  type StoreChainEntry,
  sealingEventTypes,
} from "../audit-event/audit-event.js";
import { GENESIS_HASH } from "../audit-event/event-hash.js";
import { computeStoreEntryHash } from "../audit-event/store-chain-hash.js";
import type { AuditProblem, AuditProblemKind } from "./check-chain.js";

/** What `checkStoreChain` found: its problems, and how many keyed entries it could not check (no key). */
export interface StoreChainCheck {
  problems: AuditProblem[];
  unchecked: number;
}

/**
 * Checks the store-level chain: each entry's hash (keyed ones with `key`) and link, then what each entry recorded
 * against the runs as stored: a run it names must still have its events and head, with the recorded event at the
 * recorded position. A run with a lifecycle event that the chain never names is one the store did not write. `runsWithProblems` are runs whose
 * own chain is already reported: their coverage is not reported twice.
 */
export function checkStoreChain(
  entries: readonly StoreChainEntry[],
  runs: ReadonlyMap<string, { events: readonly AuditEvent[]; head: AuditHead | undefined }>,
  runsWithProblems: ReadonlySet<string>,
  key: AuditKey | undefined,
): StoreChainCheck {
  const problems: AuditProblem[] = [];
  const report = (runId: string, seq: number, kind: AuditProblemKind, message: string) =>
    problems.push({ runId, seq, kind, message, scope: "store" });
  let unchecked = 0;
  let keyedSeen = false;
  let prev: StoreChainEntry | undefined;
  for (const entry of entries) {
    const expected = (prev?.seq ?? 0) + 1;
    const hash = computeStoreEntryHash(entry, key);
    if (entry.schemaVersion === 2) keyedSeen = true;
    else if (keyedSeen)
      report(entry.runId, entry.seq, "downgraded", `entry ${entry.seq} is unkeyed after keyed entries`);
    if (hash === undefined) unchecked++;
    else if (hash !== entry.hash)
      report(entry.runId, entry.seq, "edited", `entry ${entry.seq} no longer matches its hash`);
    if (entry.seq > expected) {
      const range =
        entry.seq - 1 === expected ? `entry ${expected} is` : `entries ${expected} to ${entry.seq - 1} are`;
      report("", expected, "deleted", `${range} missing`);
    } else if (entry.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
      report(entry.runId, entry.seq, "edited", `entry ${entry.seq} does not link to the entry before it`);
    }
    prev = entry;
  }

  // What the chain recorded of each run, checked against the run as stored (once per run).
  const named = new Set<string>();
  for (const entry of entries) {
    const first = !named.has(entry.runId);
    named.add(entry.runId);
    if (!first || runsWithProblems.has(entry.runId)) continue;
    const run = runs.get(entry.runId);
    const recorded = entries.filter((e) => e.runId === entry.runId);
    const latest = recorded[recorded.length - 1] as StoreChainEntry;
    if (run === undefined || (run.events.length === 0 && run.head === undefined)) {
      report(
        entry.runId,
        latest.seq,
        "deleted",
        `run ${entry.runId} is gone: store chain entry ${latest.seq} records ${latest.runCount} events of it; none are stored, nor its head`,
      );
      continue;
    }
    for (const e of recorded) {
      const event = run.events.find((candidate) => candidate.seq === e.runCount);
      if (event === undefined) {
        const last = run.events[run.events.length - 1];
        report(
          e.runId,
          e.seq,
          "truncated",
          `run ${e.runId}: store chain entry ${e.seq} records ${e.runCount} events; the run's chain ends at seq ${last?.seq ?? 0}`,
        );
        break;
      }
      if (event.hash !== e.runHead) {
        report(
          e.runId,
          e.seq,
          "edited",
          `run ${e.runId}: event ${e.runCount} is not the event store chain entry ${e.seq} recorded: the run was rewritten`,
        );
        break;
      }
    }
  }
  // A run with a lifecycle event is always sealed by the store that wrote it (runs older than the store chain were
  // sealed by its migration); a chain of other events only (a library user's own) has nothing to seal.
  for (const [runId, run] of runs) {
    if (named.has(runId) || runsWithProblems.has(runId)) continue;
    const sealing = run.events.find((event) => sealingEventTypes.has(event.type));
    if (sealing === undefined) continue;
    report(
      runId,
      sealing.seq,
      "inserted",
      `run ${runId} is not in the store chain, yet its event ${sealing.seq} (${sealing.type}) would have put it there: the run was not written by the store`,
    );
  }
  return { problems, unchecked };
}
