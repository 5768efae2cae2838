import { randomUUID } from "node:crypto";
import { fromJsonText, toJsonText } from "../json-text.js";
import type { FactRecord, Store } from "../store.js";
import { isFactExpired } from "../store-rules.js";
import { isoNow, type MemoryContext, sortBy } from "./memory-context.js";

/** A fact as kept in memory: its value as JSON text. */
interface FactEntry extends Omit<FactRecord, "value"> {
  value: string;
}

function toRecord(entry: FactEntry, now: Date): FactRecord {
  return {
    ...entry,
    value: fromJsonText(entry.value),
    provenance: isFactExpired(entry.recordedAt, entry.ttlSeconds, now) ? "expired" : entry.provenance,
  };
}

/**
 * `Store["facts"]` in memory. A fact expires when `now >= recordedAt + ttlSeconds`; it is kept, and reads
 * back with provenance `expired`. A given `recordedAt` is normalised to ISO-8601 UTC. Lists are newest first by
 * `recordedAt` (ties by id).
 */
export function memoryFacts(context: MemoryContext): Store["facts"] {
  const facts: FactEntry[] = [];
  return {
    async put(fact) {
      const entry: FactEntry = {
        id: randomUUID(),
        charter: fact.charter,
        key: fact.key,
        value: toJsonText(fact.value),
        provenance: fact.provenance,
        source: fact.source,
        recordedAt: fact.recordedAt === undefined ? isoNow(context) : new Date(fact.recordedAt).toISOString(),
        ttlSeconds: fact.ttlSeconds,
      };
      facts.push(entry);
      return { ...entry, value: fromJsonText(entry.value) };
    },

    async list(charter, filter = {}) {
      const matching = facts.filter(
        (entry) => entry.charter === charter && (filter.key === undefined || entry.key === filter.key),
      );
      const now = filter.now ?? context.now();
      return sortBy(
        matching,
        { key: (entry) => entry.recordedAt, desc: true },
        { key: (entry) => entry.id, desc: true },
      ).map((entry) => toRecord(entry, now));
    },
  };
}
