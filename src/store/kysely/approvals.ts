import type { Selectable } from "kysely";
import type { ApprovalsTable } from "../database.js";
import { fromJsonText, toJsonText } from "../json-text.js";
import type { ApprovalRecord, ApprovalStatus, Store } from "../store.js";
import { approvalDecidedError, unknownApprovalError } from "../store-rules.js";
import { appendEvent } from "./audit.js";
import { isoNow, type SqlContext } from "./sql-context.js";

function toRecord(row: Selectable<ApprovalsTable>): ApprovalRecord {
  return {
    id: row.id,
    runId: row.run_id,
    charter: row.charter,
    callId: row.call_id,
    toolName: row.tool_name,
    input: fromJsonText(row.input),
    inputHash: row.input_hash,
    reasons: fromJsonText(row.reasons),
    status: row.status as ApprovalStatus,
    decidedBy: row.decided_by,
    ...(row.entered_by === null ? {} : { enteredBy: row.entered_by }),
    note: row.note,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

/** `Store["approvals"]` over Kysely. Lists are oldest first (the order a reviewer works through them). */
export function sqlApprovals(context: SqlContext): Store["approvals"] {
  const { db } = context;

  async function get(id: string): Promise<ApprovalRecord | undefined> {
    const row = await db.selectFrom("approvals").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  return {
    async create(approval) {
      const row: Selectable<ApprovalsTable> = {
        id: approval.id,
        run_id: approval.runId,
        charter: approval.charter,
        call_id: approval.callId,
        tool_name: approval.toolName,
        input: toJsonText(approval.input),
        input_hash: approval.inputHash,
        reasons: toJsonText(approval.reasons),
        status: "pending",
        decided_by: null,
        entered_by: null,
        note: null,
        created_at: isoNow(context),
        decided_at: null,
      };
      await db.insertInto("approvals").values(row).execute();
      return toRecord(row);
    },

    get,

    async list(filter = {}) {
      let query = db
        .selectFrom("approvals")
        .selectAll()
        .where("status", "=", filter.status ?? "pending");
      if (filter.runId !== undefined) query = query.where("run_id", "=", filter.runId);
      if (filter.runIds !== undefined) {
        if (filter.runIds.length === 0) return [];
        query = query.where("run_id", "in", [...filter.runIds]);
      }
      const after = filter.after;
      if (after !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb("created_at", ">", after.createdAt),
            eb.and([eb("created_at", "=", after.createdAt), eb("id", ">", after.id)]),
          ]),
        );
      }
      query = query.orderBy("created_at", "asc").orderBy("id", "asc");
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toRecord);
    },

    async decide(id, decision, event) {
      return db.transaction().execute(async (trx) => {
        // One conditional update: of two deciders racing, exactly one changes the row.
        const result = await trx
          .updateTable("approvals")
          .set({
            status: decision.status,
            decided_by: decision.decidedBy,
            entered_by: decision.enteredBy ?? null,
            note: decision.note ?? null,
            decided_at: isoNow(context),
          })
          .where("id", "=", id)
          .where("status", "=", "pending")
          .executeTakeFirst();
        const row = await trx.selectFrom("approvals").selectAll().where("id", "=", id).executeTakeFirst();
        if (row === undefined) throw unknownApprovalError(id);
        const record = toRecord(row);
        if (result.numUpdatedRows === 0n) throw approvalDecidedError(record);
        // The decision's audit event in the same transaction: a crash leaves both or neither.
        const audited = event?.(record);
        if (audited !== undefined) await appendEvent(trx, context, audited);
        return record;
      });
    },
  };
}
