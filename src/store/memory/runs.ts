import { fromJsonText, toJsonText, toNullableJsonText } from "../json-text.js";
import type { RunCallEntry, RunLease, RunRecord, Store } from "../store.js";
import { leaseUntil, mayTakeLease, unknownRunError } from "../store-rules.js";
import { applyLimit, compareText, isoNow, type MemoryContext, sortBy } from "./memory-context.js";

/** A run as kept in memory: JSON fields as text. */
interface RunEntry extends Omit<RunRecord, "input" | "outcome" | "checkpoint"> {
  input: string;
  outcome: string | null;
  checkpoint: string | null;
}

function toRecord(entry: RunEntry): RunRecord {
  return {
    ...entry,
    input: fromJsonText(entry.input),
    outcome: fromJsonText(entry.outcome),
    checkpoint: fromJsonText(entry.checkpoint),
  };
}

/** What the memory store's `commit` needs of its runs beyond `Store["runs"]`. */
type RunsArea = Store["runs"];

export interface MemoryRuns extends RunsArea {
  /** The run's lease holder, or null; throws for an unknown run. */
  holder(runId: string): string | null;
  /** Writes one call record of the run's checkpoint. */
  putCall(runId: string, call: RunCallEntry): void;
}

/** `Store["runs"]` in memory. Lists are newest first; runs created in the same millisecond are ordered by id. */
export function memoryRuns(context: MemoryContext): MemoryRuns {
  const runs = new Map<string, RunEntry>();
  const calls = new Map<string, Map<string, { position: number; data: string }>>();
  const leases = new Map<string, RunLease>();
  const known = (runId: string) => {
    if (!runs.has(runId)) throw unknownRunError(runId);
  };
  return {
    holder(runId) {
      known(runId);
      return leases.get(runId)?.holder ?? null;
    },

    putCall(runId, call) {
      let entries = calls.get(runId);
      if (entries === undefined) {
        entries = new Map();
        calls.set(runId, entries);
      }
      entries.set(call.callId, { position: call.position, data: JSON.stringify(call.data) });
    },

    async calls(runId) {
      const entries = [...(calls.get(runId) ?? [])].map(([callId, entry]) => ({
        callId,
        position: entry.position,
        data: JSON.parse(entry.data) as unknown,
      }));
      return entries.sort((a, b) => a.position - b.position);
    },

    async lease(runId, request) {
      known(runId);
      const now = context.now();
      const current = leases.get(runId);
      if (current !== undefined && !mayTakeLease(current, request, now)) {
        return { acquired: false, lease: { ...current } };
      }
      leases.set(runId, { holder: request.holder, until: leaseUntil(now, request.ttlMs) });
      return { acquired: true };
    },

    async release(runId, holder) {
      if (leases.get(runId)?.holder === holder) leases.delete(runId);
    },

    async create(run) {
      if (runs.has(run.id)) throw new Error(`a run with id "${run.id}" already exists`);
      const at = isoNow(context);
      const entry: RunEntry = {
        id: run.id,
        charter: run.charter,
        charterVersion: run.charterVersion,
        status: run.status,
        autonomy: run.autonomy,
        agent: run.agent,
        input: toJsonText(run.input),
        outcome: toNullableJsonText(run.outcome),
        checkpoint: toNullableJsonText(run.checkpoint),
        createdAt: at,
        updatedAt: at,
      };
      runs.set(entry.id, entry);
    },

    async get(id) {
      const entry = runs.get(id);
      return entry === undefined ? undefined : toRecord(entry);
    },

    async update(id, patch) {
      const entry = runs.get(id);
      if (entry === undefined) throw unknownRunError(id);
      const updated: RunEntry = { ...entry, updatedAt: isoNow(context) };
      if (patch.status !== undefined) updated.status = patch.status;
      if (patch.outcome !== undefined) updated.outcome = toNullableJsonText(patch.outcome);
      if (patch.checkpoint !== undefined) updated.checkpoint = toNullableJsonText(patch.checkpoint);
      runs.set(id, updated);
    },

    async list(filter = {}) {
      const before = filter.before;
      const matching = [...runs.values()].filter(
        (entry) =>
          (filter.charter === undefined || entry.charter === filter.charter) &&
          (filter.status === undefined || entry.status === filter.status) &&
          (before === undefined ||
            compareText(entry.createdAt, before.createdAt) < 0 ||
            (entry.createdAt === before.createdAt && compareText(entry.id, before.id) < 0)),
      );
      const sorted = sortBy(
        matching,
        { key: (entry) => entry.createdAt, desc: true },
        { key: (entry) => entry.id, desc: true },
      );
      return applyLimit(sorted, filter.limit).map(toRecord);
    },

    async charters(filter = {}) {
      const after = filter.after;
      const names = sortBy(new Set([...runs.values()].map((entry) => entry.charter)), {
        key: (name) => name,
      });
      return applyLimit(
        names.filter((name) => after === undefined || compareText(name, after) > 0),
        filter.limit,
      );
    },
  };
}
