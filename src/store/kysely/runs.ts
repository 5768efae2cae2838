import type { Selectable } from "kysely";
import type { RunsTable } from "../database.js";
import { fromJsonText, toJsonText, toNullableJsonText } from "../json-text.js";
import type { RunRecord, RunStatus, Store } from "../store.js";
import { unknownRunError } from "../store-rules.js";
import { isoNow, type SqlContext } from "./sql-context.js";

function toRecord(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    charter: row.charter,
    charterVersion: row.charter_version,
    status: row.status as RunStatus,
    autonomy: row.autonomy,
    agent: row.agent,
    input: fromJsonText(row.input),
    outcome: fromJsonText(row.outcome),
    checkpoint: fromJsonText(row.checkpoint),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `Store["runs"]` over Kysely. Lists are newest first; runs created in the same millisecond are ordered by id. */
export function sqlRuns(context: SqlContext): Store["runs"] {
  const { db } = context;

  async function get(id: string): Promise<RunRecord | undefined> {
    const row = await db.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  return {
    async create(run) {
      const at = isoNow(context);
      const row: Selectable<RunsTable> = {
        id: run.id,
        charter: run.charter,
        charter_version: run.charterVersion,
        status: run.status,
        autonomy: run.autonomy,
        agent: run.agent,
        input: toJsonText(run.input),
        outcome: toNullableJsonText(run.outcome),
        checkpoint: toNullableJsonText(run.checkpoint),
        created_at: at,
        updated_at: at,
      };
      await db.insertInto("runs").values(row).execute();
    },

    get,

    async update(id, patch) {
      const result = await db
        .updateTable("runs")
        .set({
          updated_at: isoNow(context),
          ...(patch.status === undefined ? {} : { status: patch.status }),
          ...(patch.outcome === undefined ? {} : { outcome: toNullableJsonText(patch.outcome) }),
          ...(patch.checkpoint === undefined ? {} : { checkpoint: toNullableJsonText(patch.checkpoint) }),
        })
        .where("id", "=", id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw unknownRunError(id);
    },

    async list(filter = {}) {
      let query = db.selectFrom("runs").selectAll();
      if (filter.charter !== undefined) query = query.where("charter", "=", filter.charter);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      query = query.orderBy("created_at", "desc").orderBy("id", "desc");
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toRecord);
    },
  };
}
