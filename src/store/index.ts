// reins/store: where runs, approvals, the journal, the audit log and eval results live (SQLite, PostgreSQL, or memory), and the
// `Store` contract a third-party implementation meets (its test suite is `reins/store/contract`). Everything
// exported is listed by name.

// A store appends each audit event as the next link of its run's chain, built (seq, prevHash, hash) by this one function.
export { nextAuditEvent } from "../audit-event/event-hash.js";
export type { MemoryStoreOptions } from "./memory-store.js";
export { openMemoryStore } from "./memory-store.js";
export { migrateToLatest, pendingMigrations } from "./migrations.js";
export type { OpenStoreOptions } from "./open-store.js";
export { openStore } from "./open-store.js";
export type { PostgresStoreOptions } from "./postgres/postgres-store.js";
export { openPostgresStore } from "./postgres/postgres-store.js";
export type { SqliteStoreOptions } from "./sqlite-store.js";
export { openSqliteStore } from "./sqlite-store.js";
export type {
  ActionRecord,
  ActionStatus,
  ApprovalRecord,
  ApprovalStatus,
  AuditEvent,
  AuditEventInput,
  AuditHead,
  EvalInfo,
  EvalRecord,
  EvalResultKey,
  EvalResultPage,
  EvalResultRecord,
  EvalStatus,
  EvalSummary,
  EvalTranscriptRecord,
  FactRecord,
  NewEval,
  NewEvalResult,
  Provenance,
  RunRecord,
  RunStatus,
  Store,
  WorkflowState,
} from "./store.js";
