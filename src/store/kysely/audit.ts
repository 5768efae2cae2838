import type { Selectable, Transaction } from "kysely";
import { GENESIS_HASH, nextAuditEvent } from "../../audit-event/event-hash.js";
import { canonicalJson } from "../../hash/canonical-hash.js";
import type { AuditEventsTable, Database } from "../database.js";
import type { AuditEvent, AuditEventInput, Store } from "../store.js";
import { isoNow, type SqlContext } from "./sql-context.js";

function toEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    schemaVersion: row.schema_version as 1,
    runId: row.run_id,
    seq: row.seq,
    type: row.type,
    at: row.at,
    data: JSON.parse(row.data),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Appends one event to its run's chain inside `trx`. The first statement is the upsert of the run's head row: the
 * write lock (SQLite) or the row lock (PostgreSQL) is held before the head is read, so concurrent appenders, in one
 * process or several, queue up instead of forking the chain.
 */
export async function appendEvent(
  trx: Transaction<Database>,
  context: SqlContext,
  input: AuditEventInput,
): Promise<AuditEvent> {
  // Stored as canonical JSON and returned parsed, so that the hash computed here is the one verify recomputes.
  const dataText = canonicalJson(input.data);
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
  const event = nextAuditEvent({ ...input, data: JSON.parse(dataText) }, previous, isoNow(context));
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
  return event;
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
  };
}
