import { randomUUID } from "node:crypto";
import type { Selectable } from "kysely";
import type { FactsTable } from "../database.js";
import { fromJsonText, toJsonText } from "../json-text.js";
import type { FactRecord, Provenance, Store } from "../store.js";
import { isFactExpired } from "../store-rules.js";
import { isoNow, type SqlContext } from "./sql-context.js";

function toRecord(row: Selectable<FactsTable>, now: Date): FactRecord {
  const expired = isFactExpired(row.recorded_at, row.ttl_seconds, now);
  return {
    id: row.id,
    charter: row.charter,
    key: row.key,
    value: fromJsonText(row.value),
    provenance: expired ? "expired" : (row.provenance as Provenance),
    source: row.source,
    recordedAt: row.recorded_at,
    ttlSeconds: row.ttl_seconds,
  };
}

/**
 * `Store["facts"]` over Kysely. A fact expires when `now >= recordedAt + ttlSeconds`; it is kept, and reads back
 * with provenance `expired`. A given `recordedAt` is normalised to ISO-8601 UTC. Lists are newest first by
 * `recordedAt` (ties by id).
 */
export function sqlFacts(context: SqlContext): Store["facts"] {
  const { db } = context;
  return {
    async put(fact) {
      const row: Selectable<FactsTable> = {
        id: randomUUID(),
        charter: fact.charter,
        key: fact.key,
        value: toJsonText(fact.value),
        provenance: fact.provenance,
        source: fact.source,
        recorded_at:
          fact.recordedAt === undefined ? isoNow(context) : new Date(fact.recordedAt).toISOString(),
        ttl_seconds: fact.ttlSeconds,
      };
      await db.insertInto("facts").values(row).execute();
      return {
        id: row.id,
        charter: fact.charter,
        key: fact.key,
        value: fromJsonText(row.value),
        provenance: fact.provenance,
        source: fact.source,
        recordedAt: row.recorded_at,
        ttlSeconds: fact.ttlSeconds,
      };
    },

    async list(charter, filter = {}) {
      let query = db.selectFrom("facts").selectAll().where("charter", "=", charter);
      if (filter.key !== undefined) query = query.where("key", "=", filter.key);
      const rows = await query.orderBy("recorded_at", "desc").orderBy("id", "desc").execute();
      const now = filter.now ?? context.now();
      return rows.map((row) => toRecord(row, now));
    },
  };
}
