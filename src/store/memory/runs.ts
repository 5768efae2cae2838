import { fromJsonText, toJsonText, toNullableJsonText } from "../json-text.js";
import type { RunRecord, Store } from "../store.js";
import { unknownRunError } from "../store-rules.js";
import { applyLimit, isoNow, type MemoryContext, sortBy } from "./memory-context.js";

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

/** `Store["runs"]` in memory. Lists are newest first; runs created in the same millisecond are ordered by id. */
export function memoryRuns(context: MemoryContext): Store["runs"] {
  const runs = new Map<string, RunEntry>();
  return {
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
      // A copy with fields set one by one: `{ ...entry, field }` takes V8's slow path (~20× slower), once per trial.
      const updated: RunEntry = { ...entry };
      updated.updatedAt = isoNow(context);
      if (patch.status !== undefined) updated.status = patch.status;
      if (patch.outcome !== undefined) updated.outcome = toNullableJsonText(patch.outcome);
      if (patch.checkpoint !== undefined) updated.checkpoint = toNullableJsonText(patch.checkpoint);
      runs.set(id, updated);
    },

    async list(filter = {}) {
      const matching = [...runs.values()].filter(
        (entry) =>
          (filter.charter === undefined || entry.charter === filter.charter) &&
          (filter.status === undefined || entry.status === filter.status),
      );
      const sorted = sortBy(
        matching,
        { key: (entry) => entry.createdAt, desc: true },
        { key: (entry) => entry.id, desc: true },
      );
      return applyLimit(sorted, filter.limit).map(toRecord);
    },
  };
}
