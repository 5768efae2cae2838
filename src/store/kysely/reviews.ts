import type { Selectable } from "kysely";
import type { ReviewsTable } from "../database.js";
import { fromJsonText, toJsonText } from "../json-text.js";
import type { ReviewRecord, Store } from "../store.js";
import { appendEvent } from "./audit.js";
import { isoNow, type SqlContext } from "./sql-context.js";

function toRecord(row: Selectable<ReviewsTable>): ReviewRecord {
  return {
    id: row.id,
    runId: row.run_id,
    reviewer: row.reviewer,
    ...(row.entered_by === null ? {} : { enteredBy: row.entered_by }),
    createdAt: row.created_at,
    schemaVersion: row.schema_version as ReviewRecord["schemaVersion"],
    outcome: row.outcome as ReviewRecord["outcome"],
    errorType: row.error_type as ReviewRecord["errorType"],
    correction: row.correction === null ? null : (fromJsonText(row.correction) as ReviewRecord["correction"]),
    rootCause: row.root_cause as ReviewRecord["rootCause"],
    retrainingPriority: row.retraining_priority as ReviewRecord["retrainingPriority"],
    note: row.note,
  };
}

/** `Store["reviews"]` over Kysely: rows are inserted, never updated or deleted. Lists are oldest first. */
export function sqlReviews(context: SqlContext): Store["reviews"] {
  const { db } = context;
  return {
    async append(review, event) {
      return db.transaction().execute(async (trx) => {
        const row: Selectable<ReviewsTable> = {
          id: review.id,
          run_id: review.runId,
          reviewer: review.reviewer,
          entered_by: review.enteredBy ?? null,
          created_at: isoNow(context),
          schema_version: 1,
          outcome: review.outcome,
          error_type: review.errorType,
          correction: review.correction === null ? null : toJsonText(review.correction),
          root_cause: review.rootCause,
          retraining_priority: review.retrainingPriority,
          note: review.note,
        };
        await trx.insertInto("reviews").values(row).execute();
        const record = toRecord(row);
        // The review's audit event in the same transaction: a crash leaves both or neither.
        const audited = event?.(record);
        if (audited !== undefined) await appendEvent(trx, context, audited);
        return record;
      });
    },

    async get(id) {
      const row = await db.selectFrom("reviews").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list(filter = {}) {
      let query = db.selectFrom("reviews").selectAll();
      if (filter.runId !== undefined) query = query.where("run_id", "=", filter.runId);
      if (filter.runIds !== undefined) {
        if (filter.runIds.length === 0) return [];
        query = query.where("run_id", "in", [...filter.runIds]);
      }
      if (filter.reviewer !== undefined) query = query.where("reviewer", "=", filter.reviewer);
      if (filter.since !== undefined) query = query.where("created_at", ">=", filter.since);
      const rows = await query.orderBy("created_at", "asc").orderBy("id", "asc").execute();
      return rows.map(toRecord);
    },
  };
}
