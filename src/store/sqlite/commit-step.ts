import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import { computeEventHashOfText, GENESIS_HASH } from "../../audit-event/event-hash.js";
import { canonicalJson } from "../../hash/canonical-hash.js";
import type { Database } from "../database.js";
import { toJsonText, toNullableJsonText } from "../json-text.js";
import type { ActionRecord, ActionStatus, RunStep, RunStepResult, Store } from "../store.js";
import { leaseLostError, unknownRunError } from "../store-rules.js";

/**
 * `Store.commit` for SQLite: one IMMEDIATE transaction of prepared statements on the raw connection, run while
 * Kysely's connection is held (so no Kysely transaction is open around it). Every durable gated call goes through
 * here, and building and compiling a Kysely query per statement cost more than the writes themselves.
 */
export function sqliteCommit(
  database: BetterSqlite3.Database,
  db: Kysely<Database>,
  now: () => Date,
): Store["commit"] {
  let statements: Statements | undefined;
  const write = database.transaction((step: RunStep): RunStepResult => {
    statements ??= prepare(database);
    return writeStep(statements, step, now().toISOString());
  });
  return (step) => db.connection().execute(async () => write.immediate(step));
}

type Statements = ReturnType<typeof prepare>;

function prepare(database: BetterSqlite3.Database) {
  return {
    head: database.prepare<[string, string], { count: number; head_hash: string }>(
      "insert into audit_heads (run_id, count, head_hash) values (?, 1, ?) " +
        "on conflict (run_id) do update set count = count + 1 returning count, head_hash",
    ),
    event: database.prepare(
      "insert into audit_events (run_id, seq, type, at, data, prev_hash, hash, schema_version) values (?, ?, ?, ?, ?, ?, ?, 1)",
    ),
    setHead: database.prepare("update audit_heads set head_hash = ? where run_id = ?"),
    approval: database.prepare(
      "insert into approvals (id, run_id, charter, call_id, tool_name, input, input_hash, reasons, status, decided_by, note, created_at, decided_at) " +
        "values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', null, null, ?, null)",
    ),
    startAction: database.prepare(
      "insert into actions (idempotency_key, run_id, call_id, tool_name, input_hash, status, result, started_at, finished_at) " +
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (idempotency_key) do nothing",
    ),
    action: database.prepare<[string], ActionRow>("select * from actions where idempotency_key = ?"),
    finishAction: database.prepare(
      "update actions set status = ?, result = ?, finished_at = ? where idempotency_key = ?",
    ),
    call: database.prepare(
      "insert into run_calls (run_id, call_id, position, data) values (?, ?, ?, ?) " +
        "on conflict (run_id, call_id) do update set position = excluded.position, data = excluded.data",
    ),
    lease: database.prepare<[string], { lease_holder: string | null }>(
      "select lease_holder from runs where id = ?",
    ),
    release: database.prepare("update runs set lease_holder = null, lease_until = null where id = ?"),
    run: database.prepare(
      "update runs set updated_at = ?, status = coalesce(?, status), " +
        "outcome = case when ? then ? else outcome end, checkpoint = case when ? then ? else checkpoint end where id = ?",
    ),
  };
}

interface ActionRow {
  idempotency_key: string;
  run_id: string;
  call_id: string;
  tool_name: string;
  input_hash: string;
  status: string;
  result: string | null;
  started_at: string;
  finished_at: string | null;
}

function writeStep(s: Statements, step: RunStep, at: string): RunStepResult {
  if (step.lease !== undefined) {
    const row = s.lease.get(step.runId);
    if (row === undefined) throw unknownRunError(step.runId);
    if (row.lease_holder !== step.lease.holder) throw leaseLostError(step.runId, step.lease.holder);
  }
  for (const event of step.events ?? []) {
    const dataText = canonicalJson(event.data);
    const head = s.head.get(event.runId, GENESIS_HASH) as { count: number; head_hash: string };
    const meta = { schemaVersion: 1 as const, runId: event.runId, seq: head.count, type: event.type, at };
    const hash = computeEventHashOfText({ ...meta, prevHash: head.head_hash }, dataText);
    s.event.run(event.runId, head.count, event.type, at, dataText, head.head_hash, hash);
    s.setHead.run(hash, event.runId);
  }
  if (step.approval !== undefined) {
    const a = step.approval;
    s.approval.run(
      a.id,
      a.runId,
      a.charter,
      a.callId,
      a.toolName,
      toJsonText(a.input),
      a.inputHash,
      toJsonText(a.reasons),
      at,
    );
  }
  const result: RunStepResult = {};
  if (step.startAction !== undefined) {
    const a = step.startAction;
    const finished = step.finishAction?.idempotencyKey === a.idempotencyKey ? step.finishAction : undefined;
    const inserted = s.startAction.run(
      a.idempotencyKey,
      a.runId,
      a.callId,
      a.toolName,
      a.inputHash,
      finished?.status ?? "started",
      finished === undefined ? null : toNullableJsonText(finished.result),
      at,
      finished === undefined ? null : at,
    );
    if (inserted.changes === 0 && finished !== undefined) {
      s.finishAction.run(finished.status, toNullableJsonText(finished.result), at, a.idempotencyKey);
    }
    const row = s.action.get(a.idempotencyKey) as ActionRow;
    result.action = { record: toAction(row), created: inserted.changes === 1 };
  }
  if (
    step.finishAction !== undefined &&
    step.finishAction.idempotencyKey !== step.startAction?.idempotencyKey
  ) {
    const f = step.finishAction;
    const updated = s.finishAction.run(f.status, toNullableJsonText(f.result), at, f.idempotencyKey);
    if (updated.changes === 0)
      throw new Error(`no action was started under idempotency key "${f.idempotencyKey}"`);
  }
  for (const call of step.calls ?? []) {
    s.call.run(step.runId, call.callId, call.position, JSON.stringify(call.data));
  }
  const run = step.run;
  if (run !== undefined) {
    const hasOutcome = run.outcome !== undefined;
    const hasCheckpoint = run.checkpoint !== undefined;
    const updated = s.run.run(
      at,
      run.status ?? null,
      hasOutcome ? 1 : 0,
      hasOutcome ? toNullableJsonText(run.outcome) : null,
      hasCheckpoint ? 1 : 0,
      hasCheckpoint ? toNullableJsonText(run.checkpoint) : null,
      step.runId,
    );
    if (updated.changes === 0) throw unknownRunError(step.runId);
  }
  if (step.lease?.release === true) s.release.run(step.runId);
  return result;
}

function toAction(row: ActionRow): ActionRecord {
  return {
    idempotencyKey: row.idempotency_key,
    runId: row.run_id,
    callId: row.call_id,
    toolName: row.tool_name,
    inputHash: row.input_hash,
    status: row.status as ActionStatus,
    result: row.result === null ? null : JSON.parse(row.result),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
