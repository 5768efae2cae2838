import { fromJsonText, toNullableJsonText } from "../json-text.js";
import type { ActionRecord, Store } from "../store.js";
import { actionNotStartedError } from "../store-rules.js";
import { isoNow, type MemoryContext, sortBy } from "./memory-context.js";

/** An action as kept in memory: its result as JSON text. */
interface ActionEntry extends Omit<ActionRecord, "result"> {
  result: string | null;
}

function toRecord(entry: ActionEntry): ActionRecord {
  return { ...entry, result: fromJsonText(entry.result) };
}

/** `Store["actions"]` in memory: the journal that makes tool execution idempotent. Lists are oldest first. */
export function memoryActions(context: MemoryContext): Store["actions"] {
  const actions = new Map<string, ActionEntry>();
  return {
    async start(action) {
      const existing = actions.get(action.idempotencyKey);
      if (existing !== undefined) return { record: toRecord(existing), created: false };
      const entry: ActionEntry = {
        idempotencyKey: action.idempotencyKey,
        runId: action.runId,
        callId: action.callId,
        toolName: action.toolName,
        inputHash: action.inputHash,
        status: "started",
        result: null,
        startedAt: isoNow(context),
        finishedAt: null,
      };
      actions.set(entry.idempotencyKey, entry);
      return { record: toRecord(entry), created: true };
    },

    async finish(idempotencyKey, outcome) {
      const entry = actions.get(idempotencyKey);
      if (entry === undefined) throw actionNotStartedError(idempotencyKey);
      const finished: ActionEntry = {
        ...entry,
        status: outcome.status,
        result: toNullableJsonText(outcome.result),
        finishedAt: isoNow(context),
      };
      actions.set(idempotencyKey, finished);
    },

    async get(idempotencyKey) {
      const entry = actions.get(idempotencyKey);
      return entry === undefined ? undefined : toRecord(entry);
    },

    async list(runId) {
      const matching = [...actions.values()].filter((entry) => entry.runId === runId);
      return sortBy(
        matching,
        { key: (entry) => entry.startedAt },
        { key: (entry) => entry.idempotencyKey },
      ).map(toRecord);
    },
  };
}
