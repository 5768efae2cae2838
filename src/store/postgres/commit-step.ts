import type { Kysely, Selectable, Transaction } from "kysely";
import { sealingEventTypes } from "../../audit-event/audit-event.js";
import type { ActionsTable, Database } from "../database.js";
import { toJsonText, toNullableJsonText } from "../json-text.js";
import { actionFromRow } from "../kysely/actions.js";
import { appendEvent, sealRun } from "../kysely/audit.js";
import type { SqlContext } from "../kysely/sql-context.js";
import type { ActionRecord, AuditEventInput, RunStep, RunStepResult, Store } from "../store.js";
import { leaseLostError, unknownRunError } from "../store-rules.js";

/**
 * `Store.commit` for PostgreSQL: one READ COMMITTED transaction of Kysely statements, in the order the SQLite commit
 * writes them. Its locks, always taken in this order, make it safe with writers on other machines:
 * the store chain's advisory lock (when the step seals its run), then the run's row (`for update`, when the step is
 * written under a lease, so that no other driver can take the lease over between the check and the writes), then
 * the run's audit head row (the upsert in `appendEvent`).
 */
export function postgresCommit(context: SqlContext): Store["commit"] {
  return (step) => context.db.transaction().execute((trx) => writeStep(trx, context, step));
}

async function writeStep(
  trx: Transaction<Database>,
  context: SqlContext,
  step: RunStep,
): Promise<RunStepResult> {
  const at = context.now().toISOString();
  const events = step.events ?? [];
  if (context.lockChain !== undefined && events.some((event) => sealingEventTypes.has(event.type)))
    await context.lockChain(trx, "audit-store-chain");
  if (step.lease !== undefined) await checkLease(trx, step.runId, step.lease.holder);
  await writeEvents(trx, context, events, at);
  if (step.approval !== undefined) {
    const a = step.approval;
    await trx
      .insertInto("approvals")
      .values({
        id: a.id,
        run_id: a.runId,
        charter: a.charter,
        call_id: a.callId,
        tool_name: a.toolName,
        input: toJsonText(a.input),
        input_hash: a.inputHash,
        reasons: toJsonText(a.reasons),
        status: "pending",
        decided_by: null,
        entered_by: null,
        note: null,
        created_at: at,
        decided_at: null,
      })
      .execute();
  }
  const result: RunStepResult = {};
  if (step.startAction !== undefined) result.action = await startAction(trx, step, at);
  const finish = step.finishAction;
  if (finish !== undefined && finish.idempotencyKey !== step.startAction?.idempotencyKey) {
    const updated = await finishAction(trx, finish, at);
    if (updated === 0)
      throw new Error(`no action was started under idempotency key "${finish.idempotencyKey}"`);
  }
  for (const call of step.calls ?? []) {
    await trx
      .insertInto("run_calls")
      .values({
        run_id: step.runId,
        call_id: call.callId,
        position: call.position,
        data: JSON.stringify(call.data),
      })
      .onConflict((conflict) =>
        conflict.columns(["run_id", "call_id"]).doUpdateSet((eb) => ({
          position: eb.ref("excluded.position"),
          data: eb.ref("excluded.data"),
        })),
      )
      .execute();
  }
  if (step.run !== undefined) {
    const run = step.run;
    const updated = await trx
      .updateTable("runs")
      .set({
        updated_at: at,
        ...(run.status === undefined ? {} : { status: run.status }),
        ...(run.outcome === undefined ? {} : { outcome: toNullableJsonText(run.outcome) }),
        ...(run.checkpoint === undefined ? {} : { checkpoint: toNullableJsonText(run.checkpoint) }),
      })
      .where("id", "=", step.runId)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw unknownRunError(step.runId);
  }
  if (step.lease?.release === true) {
    await trx
      .updateTable("runs")
      .set({ lease_holder: null, lease_until: null })
      .where("id", "=", step.runId)
      .execute();
  }
  return result;
}

/**
 * Appends the events to their runs' chains; as in the SQLite commit, a run whose events in the step include a
 * lifecycle event is sealed once, with its head after the last of them.
 */
async function writeEvents(
  trx: Transaction<Database>,
  context: SqlContext,
  events: readonly AuditEventInput[],
  at: string,
): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const runId = (events[i] as AuditEventInput).runId;
    let seals = false;
    let last: Awaited<ReturnType<typeof appendEvent>> | undefined;
    for (; i < events.length && (events[i] as AuditEventInput).runId === runId; i++) {
      const event = events[i] as AuditEventInput;
      if (sealingEventTypes.has(event.type)) seals = true;
      last = await appendEvent(trx, context, event, { seal: false, at });
    }
    if (seals && last !== undefined)
      await sealRun(trx, context, { runId, count: last.seq, headHash: last.hash }, at);
  }
}

/** Locks the run's row and checks that `holder` holds its lease; another driver's takeover waits for this commit. */
async function checkLease(trx: Transaction<Database>, runId: string, holder: string): Promise<void> {
  const row = await trx
    .selectFrom("runs")
    .select("lease_holder")
    .where("id", "=", runId)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) throw unknownRunError(runId);
  if (row.lease_holder !== holder) throw leaseLostError(runId, holder);
}

async function finishAction(
  trx: Kysely<Database>,
  finish: NonNullable<RunStep["finishAction"]>,
  at: string,
): Promise<number> {
  const updated = await trx
    .updateTable("actions")
    .set({ status: finish.status, result: toNullableJsonText(finish.result), finished_at: at })
    .where("idempotency_key", "=", finish.idempotencyKey)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows);
}

async function startAction(
  trx: Transaction<Database>,
  step: RunStep,
  at: string,
): Promise<NonNullable<RunStepResult["action"]>> {
  const a = step.startAction as NonNullable<RunStep["startAction"]>;
  const finished = step.finishAction?.idempotencyKey === a.idempotencyKey ? step.finishAction : undefined;
  const record: ActionRecord = {
    ...a,
    status: finished?.status ?? "started",
    result: finished === undefined ? null : finished.result,
    startedAt: at,
    finishedAt: finished === undefined ? null : at,
  };
  // Insert-or-nothing: of two processes starting one key at once, exactly one creates the record.
  const inserted = await trx
    .insertInto("actions")
    .values({
      idempotency_key: a.idempotencyKey,
      run_id: a.runId,
      call_id: a.callId,
      tool_name: a.toolName,
      input_hash: a.inputHash,
      status: record.status,
      result: finished === undefined ? null : toNullableJsonText(finished.result),
      started_at: at,
      finished_at: record.finishedAt,
    })
    .onConflict((conflict) => conflict.column("idempotency_key").doNothing())
    .executeTakeFirst();
  if (inserted.numInsertedOrUpdatedRows === 1n)
    return { record: JSON.parse(JSON.stringify(record)) as ActionRecord, created: true };
  if (finished !== undefined) await finishAction(trx, finished, at);
  const row = (await trx
    .selectFrom("actions")
    .selectAll()
    .where("idempotency_key", "=", a.idempotencyKey)
    .executeTakeFirstOrThrow()) as Selectable<ActionsTable>;
  return { record: actionFromRow(row), created: false };
}
