import { GENESIS_HASH, nextAuditEvent } from "../../audit-event/event-hash.js";
import { canonicalJson } from "../../hash/canonical-hash.js";
import type { AuditEvent, Store } from "../store.js";
import { compareText, isoNow, type MemoryContext, sortBy } from "./memory-context.js";

/** An event as kept in memory: its data as the canonical JSON that was hashed. */
interface EventEntry extends Omit<AuditEvent, "data"> {
  data: string;
}

function toEvent(entry: EventEntry): AuditEvent {
  return { ...entry, data: JSON.parse(entry.data) };
}

/**
 * `Store["audit"]` in memory, with the SQL store's hash chain: each append reads the run's head and writes the new
 * event without yielding, so concurrent appends to one run get contiguous seqs.
 */
export function memoryAudit(context: MemoryContext): Store["audit"] {
  const chains = new Map<string, EventEntry[]>();
  return {
    async append(input) {
      // Stored as canonical JSON and returned parsed, so that the hash computed here is the one verify recomputes.
      const dataText = canonicalJson(input.data);
      const chain = chains.get(input.runId) ?? [];
      const last = chain.at(-1);
      const head = last === undefined ? undefined : { count: chain.length, headHash: last.hash };
      const event = nextAuditEvent({ ...input, data: JSON.parse(dataText) }, head, isoNow(context));
      chain.push({ ...event, data: dataText });
      chains.set(input.runId, chain);
      return event;
    },

    async list(runId) {
      return (chains.get(runId) ?? []).map(toEvent);
    },

    async runIds() {
      const firsts = [...chains].map(([runId, chain]) => ({
        runId,
        firstAt: chain.map((entry) => entry.at).reduce((a, b) => (compareText(a, b) <= 0 ? a : b)),
      }));
      return sortBy(firsts, { key: (first) => first.firstAt }, { key: (first) => first.runId }).map(
        (first) => first.runId,
      );
    },

    async heads() {
      const heads = [...chains].map(([runId, chain]) => ({
        runId,
        count: chain.length,
        headHash: chain.at(-1)?.hash ?? GENESIS_HASH,
      }));
      return sortBy(heads, { key: (head) => head.runId });
    },
  };
}
