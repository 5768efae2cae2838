import type { Selectable, Transaction } from "kysely";
import { sealingEventTypes } from "../../audit-event/audit-event.js";
import { GENESIS_HASH, nextAuditEvent } from "../../audit-event/event-hash.js";
import { nextStoreEntry } from "../../audit-event/store-chain-hash.js";
import { canonicalJson } from "../../hash/canonical-hash.js";
import type { AuditEventsTable, AuditStoreChainTable, Database } from "../database.js";
import type { AuditEvent, AuditEventInput, Store, StoreChainEntry } from "../store.js";
import { isoNow, type SqlContext } from "./sql-context.js";

function toEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    schemaVersion: row.schema_version as AuditEvent["schemaVersion"],
    runId: row.run_id,
    seq: row.seq,
    type: row.type,
    at: row.at,
    data: JSON.parse(row.data),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** A store-chain row as the entry it holds. */
export function toStoreEntry(row: Selectable<AuditStoreChainTable>): StoreChainEntry {
  return {
    schemaVersion: row.schema_version as StoreChainEntry["schemaVersion"],
    seq: row.seq,
    runId: row.run_id,
    runCount: row.run_count,
    runHead: row.run_head,
    at: row.at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Appends one event to its run's chain inside `trx`. The first statement is the upsert of the run's head row: the
 * write lock (SQLite) or the row lock (PostgreSQL) is held before the head is read, so concurrent appenders, in one
 * process or several, queue up instead of forking the chain. A lifecycle event also adds a store-chain entry, unless
 * `seal` is false (a step of several events seals its run once, after the last: see the commit paths).
 */
export async function appendEvent(
  trx: Transaction<Database>,
  context: SqlContext,
  input: AuditEventInput,
  { seal = true, at }: { seal?: boolean; at?: string } = {},
): Promise<AuditEvent> {
  // Stored as canonical JSON and returned parsed, so that the hash computed here is the one verify recomputes.
  const dataText = canonicalJson(input.data);
  // A lifecycle event extends the store chain: its lock is taken before any row lock, so that two appenders never
  // wait on each other in opposite orders.
  const seals = seal && sealingEventTypes.has(input.type);
  if (seals && context.lockChain !== undefined) await context.lockChain(trx, "audit-store-chain");
  const head = await trx
    .insertInto("audit_heads")
    .values({ run_id: input.runId, count: 1, head_hash: GENESIS_HASH })
    .onConflict((conflict) =>
      conflict.column("run_id").doUpdateSet((eb) => ({ count: eb("audit_heads.count", "+", 1) })),
    )
    .returning(["count", "head_hash"])
    .executeTakeFirstOrThrow();
  // The upsert counted this event already: the head before it is one fewer.
  const previous = head.count === 1 ? undefined : { count: head.count - 1, headHash: head.head_hash };
  const event = nextAuditEvent(
    { ...input, data: JSON.parse(dataText) },
    previous,
    at ?? isoNow(context),
    context.auditKey,
  );
  await trx
    .insertInto("audit_events")
    .values({
      run_id: event.runId,
      seq: event.seq,
      type: event.type,
      at: event.at,
      data: dataText,
      prev_hash: event.prevHash,
      hash: event.hash,
      schema_version: event.schemaVersion,
    })
    .execute();
  await trx
    .updateTable("audit_heads")
    .set({ head_hash: event.hash })
    .where("run_id", "=", event.runId)
    .execute();
  if (seals) {
    await sealRun(trx, context, { runId: event.runId, count: event.seq, headHash: event.hash }, event.at);
  }
  return event;
}

/**
 * Adds the store-chain entry recording `run`'s head, after the chain's last entry, inside `trx` (whose caller holds
 * the chain's lock, where the store has one).
 */
export async function sealRun(
  trx: Transaction<Database>,
  context: SqlContext,
  run: { runId: string; count: number; headHash: string },
  at: string,
): Promise<void> {
  const tail = await trx
    .selectFrom("audit_store_chain")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const entry = nextStoreEntry(run, tail, at, context.auditKey);
  await trx
    .insertInto("audit_store_chain")
    .values({
      seq: entry.seq,
      run_id: entry.runId,
      run_count: entry.runCount,
      run_head: entry.runHead,
      at: entry.at,
      prev_hash: entry.prevHash,
      hash: entry.hash,
      schema_version: entry.schemaVersion,
    })
    .execute();
}

/**
 * `Store["audit"]` over Kysely. Each append is one write transaction (`appendEvent`). */
export function sqlAudit(context: SqlContext): Store["audit"] {
  const { db } = context;
  return {
    append: (input) => db.transaction().execute((trx) => appendEvent(trx, context, input)),
    async list(runId) {
      const rows = await db
        .selectFrom("audit_events")
        .selectAll()
        .where("run_id", "=", runId)
        .orderBy("seq", "asc")
        .execute();
      return rows.map(toEvent);
    },

    async runIds() {
      const rows = await db
        .selectFrom("audit_events")
        .select((eb) => ["run_id", eb.fn.min("at").as("first_at")])
        .groupBy("run_id")
        .orderBy("first_at", "asc")
        .orderBy("run_id", "asc")
        .execute();
      return rows.map((row) => row.run_id);
    },

    async heads() {
      const rows = await db.selectFrom("audit_heads").selectAll().orderBy("run_id", "asc").execute();
      return rows.map((row) => ({ runId: row.run_id, count: row.count, headHash: row.head_hash }));
    },

    async head(runId) {
      const row = await db
        .selectFrom("audit_heads")
        .selectAll()
        .where("run_id", "=", runId)
        .executeTakeFirst();
      return row === undefined ? undefined : { runId: row.run_id, count: row.count, headHash: row.head_hash };
    },

    async chain() {
      const rows = await db.selectFrom("audit_store_chain").selectAll().orderBy("seq", "asc").execute();
      return rows.map(toStoreEntry);
    },
  };
}
