import type BetterSqlite3 from "better-sqlite3";
import type { Kysely, Selectable } from "kysely";
import { type AuditKey, sealingEventTypes } from "../../audit-event/audit-event.js";
import { auditVersion, computeEventHashOfText, GENESIS_HASH } from "../../audit-event/event-hash.js";
import { nextStoreEntry } from "../../audit-event/store-chain-hash.js";
import { canonicalJson } from "../../hash/canonical-hash.js";
import type { ActionsTable, Database } from "../database.js";
import { toJsonText, toNullableJsonText } from "../json-text.js";
import { actionFromRow } from "../kysely/actions.js";
import type { ActionRecord, AuditEventInput, RunStep, RunStepResult, Store } from "../store.js";
import { leaseLostError, unknownRunError } from "../store-rules.js";

/**
 * `Store.commit` for SQLite: one IMMEDIATE transaction of prepared statements on the raw connection, never inside a
 * Kysely transaction. Every durable gated call goes through here, and building and compiling a Kysely query per
 * statement cost more than the writes themselves.
 */
export function sqliteCommit(
  database: BetterSqlite3.Database,
  db: Kysely<Database>,
  now: () => Date,
  auditKey: AuditKey | undefined,
  committed: () => void,
): Store["commit"] {
  let statements: Statements | undefined;
  const write = database.transaction((step: RunStep): RunStepResult => {
    statements ??= { ...prepare(database), database, auditKey };
    return writeStep(statements, step, now().toISOString());
  });
  const commit = (step: RunStep): RunStepResult => {
    const result = write.immediate(step);
    committed();
    return result;
  };
  // The transaction is synchronous, so it cannot interleave with Kysely's queries on this connection; only with a
  // Kysely transaction, which is open across awaits: then the step waits until Kysely lets the connection go.
  return async (step) =>
    database.inTransaction ? db.connection().execute(async () => commit(step)) : commit(step);
}

type Statements = ReturnType<typeof prepare> & {
  database: BetterSqlite3.Database;
  auditKey: AuditKey | undefined;
};

function prepare(database: BetterSqlite3.Database) {
  return {
    head: database.prepare<[string], { count: number; head_hash: string }>(
      "select count, head_hash from audit_heads where run_id = ?",
    ),
    setHead: database.prepare(
      "insert into audit_heads (run_id, count, head_hash) values (?, ?, ?) " +
        "on conflict (run_id) do update set count = excluded.count, head_hash = excluded.head_hash",
    ),
    /** The store chain's last entry, and the insert of the next (only at a run's lifecycle events). */
    chainTail: database.prepare<[], { seq: number; hash: string }>(
      "select seq, hash from audit_store_chain order by seq desc limit 1",
    ),
    sealRun: database.prepare(
      "insert into audit_store_chain (seq, run_id, run_count, run_head, at, prev_hash, hash, schema_version) " +
        "values (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    /** One multi-row insert per number of events in a step (a step has a handful). */
    events: new Map<number, BetterSqlite3.Statement>(),
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
    /** The run's updates, one statement per set of changed columns (see runUpdate). */
    runUpdates: new Map<string, BetterSqlite3.Statement>(),
  };
}

type ActionRow = Selectable<ActionsTable>;

function writeStep(s: Statements, step: RunStep, at: string): RunStepResult {
  const run = step.run;
  // The lease is checked by the run's update when the step changes the run (one statement), else on its own.
  if (step.lease !== undefined && run === undefined) checkLease(s, step.runId, step.lease.holder);
  writeEvents(s, step.events ?? [], at);
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
  if (step.startAction !== undefined) result.action = startAction(s, step, at);
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
  if (run !== undefined) {
    const columns = runColumns(run);
    const holder = step.lease?.holder ?? null;
    const values = [at, ...columns.map(([, value]) => value), step.runId, holder, holder];
    const updated = runUpdate(s, columns).run(...values);
    if (updated.changes === 0) {
      if (step.lease !== undefined) checkLease(s, step.runId, step.lease.holder);
      throw unknownRunError(step.runId);
    }
  }
  if (step.lease?.release === true) s.release.run(step.runId);
  return result;
}

/** The columns a step changes on its run, with their values as stored. */
function runColumns(run: NonNullable<RunStep["run"]>): [column: string, value: unknown][] {
  const columns: [string, unknown][] = [];
  if (run.status !== undefined) columns.push(["status", run.status]);
  if (run.outcome !== undefined) columns.push(["outcome", toNullableJsonText(run.outcome)]);
  if (run.checkpoint !== undefined) columns.push(["checkpoint", toNullableJsonText(run.checkpoint)]);
  return columns;
}

/**
 * The update of exactly the changed columns; with a lease holder as the last value, only while that holder has the
 * lease. Naming an unchanged indexed column (`status`) would rewrite its index entry on every gated call: one more
 * page into the WAL per call, so more checkpoints.
 */
function runUpdate(s: Statements, columns: readonly [string, unknown][]): BetterSqlite3.Statement {
  const key = columns.map(([column]) => column).join(",");
  let statement = s.runUpdates.get(key);
  if (statement === undefined) {
    const sets = ["updated_at = ?", ...columns.map(([column]) => `${column} = ?`)].join(", ");
    statement = s.database.prepare(
      `update runs set ${sets} where id = ? and (? is null or lease_holder = ?)`,
    );
    s.runUpdates.set(key, statement);
  }
  return statement;
}

function checkLease(s: Statements, runId: string, holder: string): void {
  const row = s.lease.get(runId);
  if (row === undefined) throw unknownRunError(runId);
  if (row.lease_holder !== holder) throw leaseLostError(runId, holder);
}

/**
 * Appends events to their runs' chains: one read of each run's head, one insert, one write of the head. Only when the
 * events include a lifecycle event (`sealingEventTypes`), two more: the store chain's tail and its next entry.
 */
function writeEvents(s: Statements, events: readonly AuditEventInput[], at: string): void {
  let i = 0;
  while (i < events.length) {
    const runId = (events[i] as AuditEventInput).runId;
    let end = i;
    while (end < events.length && (events[end] as AuditEventInput).runId === runId) end++;
    const head = s.head.get(runId);
    let count = head?.count ?? 0;
    let prevHash = head?.head_hash ?? GENESIS_HASH;
    const values: unknown[] = [];
    const schemaVersion = auditVersion(s.auditKey);
    let seals = false;
    for (const event of events.slice(i, end)) {
      const dataText = canonicalJson(event.data);
      count++;
      const hash = computeEventHashOfText(
        { schemaVersion, runId, seq: count, type: event.type, at, prevHash },
        dataText,
        s.auditKey,
      );
      values.push(runId, count, event.type, at, dataText, prevHash, hash, schemaVersion);
      prevHash = hash;
      if (sealingEventTypes.has(event.type)) seals = true;
    }
    insertEvents(s, end - i).run(...values);
    s.setHead.run(runId, count, prevHash);
    if (seals) {
      const entry = nextStoreEntry({ runId, count, headHash: prevHash }, s.chainTail.get(), at, s.auditKey);
      s.sealRun.run(
        entry.seq,
        entry.runId,
        entry.runCount,
        entry.runHead,
        entry.at,
        entry.prevHash,
        entry.hash,
        entry.schemaVersion,
      );
    }
    i = end;
  }
}

function insertEvents(s: Statements, n: number): BetterSqlite3.Statement {
  let statement = s.events.get(n);
  if (statement === undefined) {
    const rows = Array.from({ length: n }, () => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ");
    statement = s.database.prepare(
      `insert into audit_events (run_id, seq, type, at, data, prev_hash, hash, schema_version) values ${rows}`,
    );
    s.events.set(n, statement);
  }
  return statement;
}

function startAction(s: Statements, step: RunStep, at: string): NonNullable<RunStepResult["action"]> {
  const a = step.startAction as NonNullable<RunStep["startAction"]>;
  const finished = step.finishAction?.idempotencyKey === a.idempotencyKey ? step.finishAction : undefined;
  const record: ActionRecord = {
    ...a,
    status: finished?.status ?? "started",
    result: finished === undefined ? null : finished.result,
    startedAt: at,
    finishedAt: finished === undefined ? null : at,
  };
  const inserted = s.startAction.run(
    a.idempotencyKey,
    a.runId,
    a.callId,
    a.toolName,
    a.inputHash,
    record.status,
    finished === undefined ? null : toNullableJsonText(finished.result),
    at,
    record.finishedAt,
  );
  if (inserted.changes === 1)
    return { record: JSON.parse(JSON.stringify(record)) as ActionRecord, created: true };
  if (finished !== undefined) {
    s.finishAction.run(finished.status, toNullableJsonText(finished.result), at, a.idempotencyKey);
  }
  return { record: actionFromRow(s.action.get(a.idempotencyKey) as ActionRow), created: false };
}
