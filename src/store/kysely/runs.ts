import type { Selectable } from "kysely";
import type { RunsTable } from "../database.js";
import { fromJsonText, toJsonText, toNullableJsonText } from "../json-text.js";
import type { RunRecord, RunStatus, Store } from "../store.js";
import { leaseUntil, mayTakeLease, unknownRunError } from "../store-rules.js";
import { isoNow, type SqlContext } from "./sql-context.js";

function toRecord(row: Omit<Selectable<RunsTable>, "lease_holder" | "lease_until">): RunRecord {
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

const runColumns = [
  "id",
  "charter",
  "charter_version",
  "status",
  "autonomy",
  "agent",
  "input",
  "outcome",
  "checkpoint",
  "created_at",
  "updated_at",
] as const;

/** `Store["runs"]` over Kysely. Lists are newest first; runs created in the same millisecond are ordered by id. */
export function sqlRuns(context: SqlContext): Store["runs"] {
  const { db } = context;

  async function get(id: string): Promise<RunRecord | undefined> {
    const row = await db.selectFrom("runs").select(runColumns).where("id", "=", id).executeTakeFirst();
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
        lease_holder: null,
        lease_until: null,
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

    async calls(runId) {
      const rows = await db
        .selectFrom("run_calls")
        .select(["call_id", "position", "data"])
        .where("run_id", "=", runId)
        .orderBy("position", "asc")
        .execute();
      return rows.map((row) => ({ callId: row.call_id, position: row.position, data: JSON.parse(row.data) }));
    },

    async lease(runId, request) {
      const now = context.now();
      const row = await db
        .selectFrom("runs")
        .select(["lease_holder", "lease_until"])
        .where("id", "=", runId)
        .executeTakeFirst();
      if (row === undefined) throw unknownRunError(runId);
      const current =
        row.lease_holder === null || row.lease_until === null
          ? undefined
          : { holder: row.lease_holder, until: row.lease_until };
      if (current !== undefined && !mayTakeLease(current, request, now))
        return { acquired: false, lease: current };
      // Compare-and-set on the holder read above: of two drivers taking over at once, one wins.
      const result = await db
        .updateTable("runs")
        .set({ lease_holder: request.holder, lease_until: leaseUntil(now, request.ttlMs) })
        .where("id", "=", runId)
        .where((eb) =>
          row.lease_holder === null
            ? eb("lease_holder", "is", null)
            : eb("lease_holder", "=", row.lease_holder),
        )
        .executeTakeFirst();
      if (result.numUpdatedRows === 1n) return { acquired: true };
      const winner = await db
        .selectFrom("runs")
        .select(["lease_holder", "lease_until"])
        .where("id", "=", runId)
        .executeTakeFirstOrThrow();
      return {
        acquired: false,
        lease: { holder: winner.lease_holder ?? "unknown", until: winner.lease_until ?? now.toISOString() },
      };
    },

    async release(runId, holder) {
      await db
        .updateTable("runs")
        .set({ lease_holder: null, lease_until: null })
        .where("id", "=", runId)
        .where("lease_holder", "=", holder)
        .execute();
    },

    async list(filter = {}) {
      let query = db.selectFrom("runs").select(runColumns);
      if (filter.charter !== undefined) query = query.where("charter", "=", filter.charter);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      const before = filter.before;
      if (before !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb("created_at", "<", before.createdAt),
            eb.and([eb("created_at", "=", before.createdAt), eb("id", "<", before.id)]),
          ]),
        );
      }
      query = query.orderBy("created_at", "desc").orderBy("id", "desc");
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toRecord);
    },

    async charters(filter = {}) {
      let query = db.selectFrom("runs").select("charter").distinct();
      if (filter.after !== undefined) query = query.where("charter", ">", filter.after);
      query = query.orderBy("charter", "asc");
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      return (await query.execute()).map((row) => row.charter);
    },
  };
}
