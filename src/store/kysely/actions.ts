import type { Selectable } from "kysely";
import type { ActionsTable } from "../database.js";
import { fromJsonText, toNullableJsonText } from "../json-text.js";
import type { ActionRecord, ActionStatus, Store } from "../store.js";
import { actionNotStartedError } from "../store-rules.js";
import { isoNow, type SqlContext } from "./sql-context.js";

/** An `actions` row as the journal record it holds (shared with the SQLite commit path). */
export function actionFromRow(row: Selectable<ActionsTable>): ActionRecord {
  return {
    idempotencyKey: row.idempotency_key,
    runId: row.run_id,
    callId: row.call_id,
    toolName: row.tool_name,
    inputHash: row.input_hash,
    status: row.status as ActionStatus,
    result: fromJsonText(row.result),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** `Store["actions"]` over Kysely: the journal that makes tool execution idempotent. Lists are oldest first. */
export function sqlActions(context: SqlContext): Store["actions"] {
  const { db } = context;

  async function get(idempotencyKey: string): Promise<ActionRecord | undefined> {
    const row = await db
      .selectFrom("actions")
      .selectAll()
      .where("idempotency_key", "=", idempotencyKey)
      .executeTakeFirst();
    return row === undefined ? undefined : actionFromRow(row);
  }

  return {
    async start(action) {
      const row: Selectable<ActionsTable> = {
        idempotency_key: action.idempotencyKey,
        run_id: action.runId,
        call_id: action.callId,
        tool_name: action.toolName,
        input_hash: action.inputHash,
        status: "started",
        result: null,
        started_at: isoNow(context),
        finished_at: null,
      };
      // Insert-or-nothing in one statement: of two starters racing on one key, exactly one creates the record.
      const inserted = await db
        .insertInto("actions")
        .values(row)
        .onConflict((conflict) => conflict.column("idempotency_key").doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 1n) return { record: actionFromRow(row), created: true };
      const existing = await get(action.idempotencyKey);
      if (existing === undefined)
        throw new Error(`action "${action.idempotencyKey}" vanished after a conflict`);
      return { record: existing, created: false };
    },

    async finish(idempotencyKey, outcome) {
      const updated = await db
        .updateTable("actions")
        .set({
          status: outcome.status,
          result: toNullableJsonText(outcome.result),
          finished_at: isoNow(context),
        })
        .where("idempotency_key", "=", idempotencyKey)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw actionNotStartedError(idempotencyKey);
    },

    get,

    async list(runId) {
      const rows = await db
        .selectFrom("actions")
        .selectAll()
        .where("run_id", "=", runId)
        .orderBy("started_at", "asc")
        .orderBy("idempotency_key", "asc")
        .execute();
      return rows.map(actionFromRow);
    },
  };
}
