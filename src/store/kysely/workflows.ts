import type { Selectable, Updateable } from "kysely";
import type { WorkflowsTable } from "../database.js";
import type { Store, WorkflowState } from "../store.js";
import { unsetWorkflow } from "../store-rules.js";
import { isoNow, type SqlContext } from "./sql-context.js";

function toState(row: Selectable<WorkflowsTable>): WorkflowState {
  return {
    charter: row.charter,
    paused: row.paused === 1,
    pausedReason: row.paused_reason,
    flagged: row.flagged === 1,
    flaggedReason: row.flagged_reason,
    updatedAt: row.updated_at,
  };
}

/**
 * `Store["workflows"]` over Kysely. A workflow never set reads as running (not paused, not flagged). `set` changes
 * only the fields given (one upsert, so concurrent patches of different fields both land); clear a reason with `null`.
 */
export function sqlWorkflows(context: SqlContext): Store["workflows"] {
  const { db } = context;

  async function get(charter: string): Promise<WorkflowState> {
    const row = await db
      .selectFrom("workflows")
      .selectAll()
      .where("charter", "=", charter)
      .executeTakeFirst();
    return row === undefined ? unsetWorkflow(charter) : toState(row);
  }

  return {
    get,

    async set(charter, patch) {
      const at = isoNow(context);
      const changes: Updateable<WorkflowsTable> = { updated_at: at };
      if (patch.paused !== undefined) changes.paused = patch.paused ? 1 : 0;
      if (patch.pausedReason !== undefined) changes.paused_reason = patch.pausedReason;
      if (patch.flagged !== undefined) changes.flagged = patch.flagged ? 1 : 0;
      if (patch.flaggedReason !== undefined) changes.flagged_reason = patch.flaggedReason;
      const initial: Selectable<WorkflowsTable> = {
        charter,
        paused: 0,
        paused_reason: null,
        flagged: 0,
        flagged_reason: null,
        updated_at: at,
        ...changes,
      };
      await db
        .insertInto("workflows")
        .values(initial)
        .onConflict((conflict) => conflict.column("charter").doUpdateSet(changes))
        .execute();
      return get(charter);
    },
  };
}
