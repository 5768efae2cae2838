/**
 * The relational schema behind the SQL stores, as Kysely table types. Columns are portable: JSON is stored as
 * text, times as ISO-8601 strings, booleans as integers 0/1.
 */

export interface RunsTable {
  id: string;
  charter: string;
  charter_version: string;
  status: string;
  autonomy: string;
  agent: string;
  input: string;
  outcome: string | null;
  checkpoint: string | null;
  created_at: string;
  updated_at: string;
  /** Who drives the run now (see `Store.runs.lease`), and until when. */
  lease_holder: string | null;
  lease_until: string | null;
}

/** One call of a run's incremental checkpoint. */
export interface RunCallsTable {
  run_id: string;
  call_id: string;
  position: number;
  data: string;
}

export interface AuditEventsTable {
  run_id: string;
  seq: number;
  type: string;
  at: string;
  data: string;
  prev_hash: string;
  hash: string;
  schema_version: number;
}

/** One row per run: how many events the chain holds and the last hash, written with every append. */
export interface AuditHeadsTable {
  run_id: string;
  count: number;
  head_hash: string;
}

/** The store-level chain over the runs' heads (migration 0005): one row per lifecycle event of a run. */
export interface AuditStoreChainTable {
  seq: number;
  run_id: string;
  run_count: number;
  run_head: string;
  at: string;
  prev_hash: string;
  hash: string;
  schema_version: number;
}

export interface ApprovalsTable {
  id: string;
  run_id: string;
  charter: string;
  call_id: string;
  tool_name: string;
  input: string;
  input_hash: string;
  reasons: string;
  status: string;
  decided_by: string | null;
  /** Who entered a decision made by someone else (`decided_by`), when the store allows delegation (0006). */
  entered_by: string | null;
  note: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface ActionsTable {
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

export interface WorkflowsTable {
  charter: string;
  paused: number;
  paused_reason: string | null;
  flagged: number;
  flagged_reason: string | null;
  updated_at: string;
}

export interface FactsTable {
  id: string;
  charter: string;
  key: string;
  value: string;
  provenance: string;
  source: string;
  recorded_at: string;
  ttl_seconds: number | null;
}

/** One saved evaluation; its report as JSON text. */
export interface EvalsTable {
  id: string;
  suite: string;
  agent: string;
  started_at: string;
  passed: number;
  report: string;
  /** Number of rows in `eval_results`, written in the same transaction. */
  result_count: number;
  /** `running` or `finished` (0009; evaluations saved before are `finished`). */
  status: string;
  /** What `begin` was given to run, as JSON text; null for one saved whole (0009). */
  plan: string | null;
}

/** One trial result of a saved evaluation; `position` is its 0-based place in the saved order. */
export interface EvalResultsTable {
  eval_id: string;
  position: number;
  case_id: string;
  /** The perturbation (`none` for a base case); null in rows written before 0009. Unique with eval, case and trial. */
  perturbation: string | null;
  trial: number;
  passed: number;
  data: string;
}

/** One trial transcript of a saved evaluation; `position` is its 0-based place in the saved order. */
export interface EvalTranscriptsTable {
  eval_id: string;
  position: number;
  case_id: string;
  /** As in `eval_results` (0009). */
  perturbation: string | null;
  trial: number;
  data: string;
}

/** A cached model response by request key. */
export interface ModelCacheTable {
  key: string;
  value: string;
  stored_at: string;
}

/** Every table the Reins store owns. */
/** The store's own settings, by name (0006): `delegation` (`allow` or `deny`). */
export interface StoreSettingsTable {
  name: string;
  value: string;
}

/** Human reviews of runs, append-only (0007). JSON columns as text. */
export interface ReviewsTable {
  id: string;
  run_id: string;
  reviewer: string;
  entered_by: string | null;
  created_at: string;
  schema_version: number;
  outcome: string;
  error_type: string | null;
  correction: string | null;
  root_cause: string | null;
  retraining_priority: string | null;
  note: string | null;
}

/** Autonomy certificates, append-only and chained (0008). `levels` as JSON text. */
export interface AutonomyCertificatesTable {
  seq: number;
  id: string;
  charter: string;
  charter_version: string;
  levels: string;
  level: string;
  evidence_digest: string;
  promoted_by: string;
  created_at: string;
  expires_at: string;
  prev_hash: string;
  hash: string;
}

export interface Database {
  runs: RunsTable;
  run_calls: RunCallsTable;
  audit_events: AuditEventsTable;
  audit_heads: AuditHeadsTable;
  audit_store_chain: AuditStoreChainTable;
  approvals: ApprovalsTable;
  actions: ActionsTable;
  workflows: WorkflowsTable;
  facts: FactsTable;
  evals: EvalsTable;
  eval_results: EvalResultsTable;
  eval_transcripts: EvalTranscriptsTable;
  model_cache: ModelCacheTable;
  store_settings: StoreSettingsTable;
  reviews: ReviewsTable;
  autonomy_certificates: AutonomyCertificatesTable;
}
