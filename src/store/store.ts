/**
 * The one storage seam. The embedded default is SQLite (`openSqliteStore`); PostgreSQL implements the same
 * interface later. Every implementation runs the same contract tests (`store-contract.ts`).
 *
 * All JSON values are stored as JSON text and returned parsed. Times are ISO-8601 strings (UTC).
 */

import type {
  AuditEvent,
  AuditEventInput,
  AuditHead,
  AuditKey,
  StoreChainEntry,
} from "../audit-event/audit-event.js";

export type { AuditEvent, AuditEventInput, AuditHead, AuditKey, StoreChainEntry };

export type RunStatus = "running" | "suspended" | "completed" | "failed";

export interface RunRecord {
  id: string;
  charter: string;
  charterVersion: string;
  status: RunStatus;
  autonomy: string;
  /** Who or what acted: `model:openai:gpt-4.1-mini`, `function:baseline`. */
  agent: string;
  input: unknown;
  /** The outcome once the run ends (decision, escalation, refusal or error). */
  outcome: unknown | null;
  /** The runtime's checkpoint (conversation so far, pending call); opaque to the store. */
  checkpoint: unknown | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Names of the store's settings. `delegation`: `allow` lets a decision name someone other than who enters it.
 * `certificates`: `required` caps a charter with no autonomy certificate at `shadow`.
 */
export type StoreSettingName = "delegation" | "certificates";

export type ApprovalStatus = "pending" | "approved" | "rejected";

export interface ApprovalRecord {
  id: string;
  runId: string;
  charter: string;
  callId: string;
  toolName: string;
  input: unknown;
  /** `hashJson(input)`: the approval is bound to this exact input. */
  inputHash: string;
  /** Why approval is needed (the gate's reasons). */
  reasons: unknown;
  status: ApprovalStatus;
  decidedBy: string | null;
  /**
   * Who entered the decision, when it is not `decidedBy`: the OS user who ran the command for someone else, which
   * only a store whose settings allow delegation records. Absent otherwise.
   */
  enteredBy?: string;
  /** A rejection's reason (given back to the agent), or an approver's note. */
  note: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** How a reviewer judged a run (SPEC §1 "Review"). */
export type ReviewOutcome = "approved" | "edited" | "rejected" | "escalated";

/**
 * What kind of mistake the run made: missing context, wrong tool, bad tone, policy issue, hallucination, poor
 * prioritisation.
 */
export type ReviewErrorType =
  | "missing_context"
  | "wrong_tool"
  | "bad_tone"
  | "policy_issue"
  | "hallucination"
  | "poor_prioritisation";

/** Why it made it: the prompt, the data, a missing tool, an unclear policy, the model's limits. */
export type ReviewRootCause = "prompt" | "data" | "missing_tool" | "unclear_policy" | "model_limitation";

export type RetrainingPriority = "low" | "medium" | "high";

/** What the run should have done: the decision, its fields and the tool calls (name and input). */
export interface ReviewCorrection {
  decision?: string;
  fields?: Record<string, unknown>;
  actions?: { tool: string; input: unknown }[];
}

/**
 * A human's structured verdict on a run. Append-only: a review is never changed or deleted; a second reviewer, or a
 * later verdict of the same one, is another record.
 */
export interface ReviewRecord {
  id: string;
  runId: string;
  /** Who reviewed: a person, never the model. */
  reviewer: string;
  /** The OS user who entered a review made by someone else (a store that allows delegation). */
  enteredBy?: string;
  createdAt: string;
  /** The record's format version (1). */
  schemaVersion: 1;
  outcome: ReviewOutcome;
  errorType: ReviewErrorType | null;
  /** Already redacted. */
  correction: ReviewCorrection | null;
  rootCause: ReviewRootCause | null;
  retrainingPriority: RetrainingPriority | null;
  /** Already redacted. */
  note: string | null;
}

/** What a review is recorded with; the store assigns `createdAt` and `schemaVersion`. */
export type NewReview = Omit<ReviewRecord, "createdAt" | "schemaVersion">;

/**
 * A promotion's record (SPEC §1 "Autonomy certificate"): the level granted per decision option × tool effect class on
 * the evidence read, who promoted, when, until when. Append-only and hash-chained over the whole store like the
 * audit log: `hash` = sha256(`prevHash` + the canonical JSON of every other field), the first `prevHash` the
 * genesis hash.
 */
export interface AutonomyCertificate {
  /** 1-based position in the store's certificate chain. */
  seq: number;
  id: string;
  charter: string;
  charterVersion: string;
  /** `levels[option][effect class]`: the level granted (autonomy levels: shadow, draft, supervised, autonomous). */
  levels: Record<string, Record<string, string>>;
  /** The lowest level in `levels`: the gate runs the charter at no more than it. */
  level: string;
  /** sha256 of the canonical JSON of the evidence read. */
  evidenceDigest: string;
  /** The OS user who promoted. */
  promotedBy: string;
  createdAt: string;
  expiresAt: string;
  prevHash: string;
  hash: string;
}

/**
 * What a certificate is appended with; the store assigns `seq`, `createdAt`, `prevHash` and `hash`, and `expiresAt`
 * = `createdAt` + `validForMs`.
 */
export type NewAutonomyCertificate = Omit<
  AutonomyCertificate,
  "seq" | "createdAt" | "expiresAt" | "prevHash" | "hash"
> & { validForMs: number };

export type ActionStatus = "started" | "completed" | "failed";

/** The journal of executed tool calls, keyed by idempotency key (`runId:callId`). */
export interface ActionRecord {
  idempotencyKey: string;
  runId: string;
  callId: string;
  toolName: string;
  inputHash: string;
  status: ActionStatus;
  result: unknown | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface WorkflowState {
  charter: string;
  paused: boolean;
  pausedReason: string | null;
  flagged: boolean;
  flaggedReason: string | null;
  updatedAt: string;
}

export type Provenance = "verified" | "observed" | "inferred" | "expired";

export interface FactRecord {
  id: string;
  /** Retrieval is scoped per charter. */
  charter: string;
  key: string;
  value: unknown;
  provenance: Provenance;
  /** Where it came from: a system of record, a run id, a reviewer. */
  source: string;
  recordedAt: string;
  /** Seconds it stays valid; null = forever. A fact past it reads back as `expired`. */
  ttlSeconds: number | null;
}

/** Where an evaluation stands: `running` from `begin` until `finish` (or killed midway), then `finished`. */
export type EvalStatus = "running" | "finished";

/**
 * What identifies one trial's result inside an evaluation: a result is written once per key (see
 * `Store.evals.putResults`).
 */
export interface EvalResultKey {
  caseId: string;
  /** The perturbation that derived the case, `none` for a base case. */
  perturbation: string;
  /** The case's trial number. */
  trial: number;
}

/** One trial's result inside a saved evaluation, as read back. */
export interface EvalResultRecord extends EvalResultKey {
  passed: boolean;
  /** The full trial result (the report's entry); opaque to the store. */
  data: unknown;
}

/**
 * One trial's result as written (`save`, `putResults`): `perturbation` defaults to `none`; `transcript` (already
 * redacted) is kept beside it, under the same key, when the evaluation is traced.
 */
export interface NewEvalResult {
  caseId: string;
  /** The perturbation that derived the case; `none` (the default) for a base case. */
  perturbation?: string;
  trial: number;
  passed: boolean;
  /** The full trial result; opaque to the store. */
  data: unknown;
  /** The trial's transcript, already redacted; opaque to the store (`transcripts` reads it). */
  transcript?: unknown;
}

/** One trial's transcript inside a saved evaluation (kept by `reins eval --trace`). */
export interface EvalTranscriptRecord {
  caseId: string;
  trial: number;
  /** The trial's transcript, already redacted; opaque to the store. */
  data: unknown;
}

/** A finished evaluation as saved whole: its report and every trial result. */
export interface EvalRecord {
  id: string;
  suite: string;
  /** Who or what was evaluated: `model:openai:gpt-4.1-mini`, `function:baseline`. */
  agent: string;
  startedAt: string;
  passed: boolean;
  /** The evaluation report; opaque to the store. */
  report: unknown;
  /** Trial results, in the order they are read back; each key at most once. */
  results: NewEvalResult[];
  /** Trial transcripts, when the evaluation was traced; saved in the same transaction (base cases' keys). */
  transcripts?: EvalTranscriptRecord[];
}

/** An evaluation begun to be written as it runs (`Store.evals.begin`). */
export interface NewEval {
  id: string;
  suite: string;
  /** Who or what is evaluated: `model:openai:gpt-4.1-mini`, `function:baseline`. */
  agent: string;
  startedAt: string;
  /**
   * What the evaluation runs (suite, options, versions of what the scores depend on, trials, perturbations), so that
   * another process can resume or collect it; opaque to the store.
   */
  plan: unknown;
}

/** A saved evaluation as listed: everything but the report and the results, which are counted. */
export interface EvalSummary {
  id: string;
  suite: string;
  agent: string;
  startedAt: string;
  /** Whether its thresholds were met; false while it runs. */
  passed: boolean;
  /** Number of trial results saved with the evaluation so far. */
  resultCount: number;
  /** `running` until it is finished (an evaluation killed midway stays `running`). */
  status: EvalStatus;
}

/** One evaluation as `Store.evals.info` reads it: its summary and its plan. */
export interface EvalInfo extends EvalSummary {
  /** The plan given to `begin`; null for an evaluation saved whole (`save`). */
  plan: unknown | null;
}

/** One page of an evaluation's results (`Store.evals.resultPage`). */
export interface EvalResultPage {
  /** Results in insertion order, at most the page's limit. */
  results: EvalResultRecord[];
  /** The cursor of the next page (its `after`), or null when this page was the last. */
  next: number | null;
}

/** One call's record in a run's incremental checkpoint: a call decided again replaces its record. */
export interface RunCallEntry {
  callId: string;
  /** Orders the run's calls; a call decided again takes a new, higher position. */
  position: number;
  /** The runtime's record of the call; opaque to the store. */
  data: unknown;
}

/** Who drives a run: one process at a time holds its lease. */
export interface RunLease {
  holder: string;
  /** ISO time after which another driver may take the run over. */
  until: string;
}

/**
 * What one step of a run writes, all or nothing (`Store.commit`): its audit events, an approval it asks for, its
 * idempotency journal entries, the call's record and the run's checkpoint.
 */
export interface RunStep {
  /** The run the step belongs to. */
  runId: string;
  /** Events to append to their runs' hash chains, in order; already redacted (see `createAuditLog`). */
  events?: readonly AuditEventInput[];
  /** An approval or proposal the step asks for. */
  approval?: Omit<ApprovalRecord, "status" | "decidedBy" | "enteredBy" | "note" | "createdAt" | "decidedAt">;
  /** An execution about to start; the answer says whether its key was new (see `actions.start`). */
  startAction?: Omit<ActionRecord, "status" | "result" | "startedAt" | "finishedAt">;
  /** How an execution ended; with `startAction` in the same step, the record is written finished. */
  finishAction?: { idempotencyKey: string; status: "completed" | "failed"; result: unknown };
  /** Records of calls, each replacing the run's earlier record of the same call id. */
  calls?: readonly RunCallEntry[];
  /** Changes to the run's row. */
  run?: Partial<Pick<RunRecord, "status" | "outcome" | "checkpoint">>;
  /**
   * The lease the step is written under: unless `holder` holds the run's lease, nothing is written and the commit
   * fails with `RUN_LEASE_LOST`. With `release`, the lease is dropped in the same transaction.
   */
  lease?: { holder: string; release?: boolean };
}

/** What a committed step answers. */
export interface RunStepResult {
  /** For a step with `startAction`: the journal record, and whether this step created it. */
  action?: { record: ActionRecord; created: boolean };
}

export interface Store {
  /** Writes one step of a run in one transaction (see `RunStep`). */
  commit(step: RunStep): Promise<RunStepResult>;
  runs: {
    /** Records a new run; read it back with `get`. */
    create(run: Omit<RunRecord, "createdAt" | "updatedAt">): Promise<void>;
    get(id: string): Promise<RunRecord | undefined>;
    /** Changes a run; read it back with `get` (returning it would parse the checkpoint on every save). */
    update(id: string, patch: Partial<Pick<RunRecord, "status" | "outcome" | "checkpoint">>): Promise<void>;
    /**
     * Most recent first (by `createdAt`, ties by id, descending). `before`: only runs after that position in this
     * order (a page's cursor: the last run of the page before).
     */
    list(filter?: {
      charter?: string;
      status?: RunStatus;
      limit?: number;
      before?: { createdAt: string; id: string };
    }): Promise<RunRecord[]>;
    /** The charter names that have runs, in code-point order; `after`: only names after it (a page's cursor). */
    charters(filter?: { after?: string; limit?: number }): Promise<string[]>;
    /** The call records of a run's checkpoint (written by `commit`), ordered by position. */
    calls(runId: string): Promise<RunCallEntry[]>;
    /**
     * Takes the run's lease for `holder` until now + `ttlMs`: when nobody holds it, when it expired, when `holder`
     * holds it already (a renewal), or when `canReplace(currentHolder)` says the holder is gone (a dead process).
     * Answers the lease in force when it is someone else's.
     */
    lease(
      runId: string,
      request: { holder: string; ttlMs: number; canReplace?: (holder: string) => boolean },
    ): Promise<{ acquired: true } | { acquired: false; lease: RunLease }>;
    /** Drops the lease if `holder` holds it. */
    release(runId: string, holder: string): Promise<void>;
  };
  audit: {
    /**
     * Appends atomically: assigns seq, prevHash and hash inside one transaction, safe with concurrent writers.
     * Persists `data` exactly as given: redact secrets before (`createAuditLog` does).
     */
    append(event: AuditEventInput): Promise<AuditEvent>;
    /** A run's events ordered by seq, exactly as stored (tampered rows included; `verifyAudit` judges them). */
    list(runId: string): Promise<AuditEvent[]>;
    /** Every run id that has events, oldest first. */
    runIds(): Promise<string[]>;
    /** Each run's chain head as recorded with every append (event count and last hash), by run id. */
    heads(): Promise<AuditHead[]>;
    /** One run's chain head as recorded, or undefined when the run has none (reads one row, not every head). */
    head(runId: string): Promise<AuditHead | undefined>;
    /**
     * The store-level chain over the runs' heads, in order, exactly as stored. An append whose events include one of
     * `sealingEventTypes` (a run's start, suspension, resumption or end, an approval's decision, a review) adds one entry with
     * the run's head after it, in the same transaction; other appends (every gated call) add none.
     */
    chain(): Promise<StoreChainEntry[]>;
  };
  approvals: {
    create(
      approval: Omit<
        ApprovalRecord,
        "status" | "decidedBy" | "enteredBy" | "note" | "createdAt" | "decidedAt"
      >,
    ): Promise<ApprovalRecord>;
    get(id: string): Promise<ApprovalRecord | undefined>;
    /**
     * Pending only unless a status is given; oldest first (by `createdAt`, ties by id); `runIds`
     * keeps the approvals of those runs. `after`: only approvals after
     * that position in this order (a page's cursor: the last approval of the page before).
     */
    list(filter?: {
      status?: ApprovalStatus;
      runId?: string;
      runIds?: readonly string[];
      limit?: number;
      after?: { createdAt: string; id: string };
    }): Promise<ApprovalRecord[]>;
    /**
     * Decides a pending approval once; deciding one already decided throws a UserError. The audit event `event`
     * makes of the decided record is appended in the same transaction: both are written, or neither.
     */
    decide(
      id: string,
      decision: { status: "approved" | "rejected"; decidedBy: string; enteredBy?: string; note?: string },
      event?: (decided: ApprovalRecord) => AuditEventInput | undefined,
    ): Promise<ApprovalRecord>;
  };
  /** Human reviews of runs, append-only (see `ReviewRecord`). */
  reviews: {
    /**
     * Records a review. The audit event `event` makes of the record is appended in the same transaction: both are
     * written, or neither. An id already used fails.
     */
    append(
      review: NewReview,
      event?: (recorded: ReviewRecord) => AuditEventInput | undefined,
    ): Promise<ReviewRecord>;
    get(id: string): Promise<ReviewRecord | undefined>;
    /**
     * Oldest first (by `createdAt`, ties by id); `since` keeps those created at or after it (ISO time), `runIds` the
     * reviews of those runs.
     */
    list(filter?: {
      runId?: string;
      runIds?: readonly string[];
      reviewer?: string;
      since?: string;
    }): Promise<ReviewRecord[]>;
  };
  /** Autonomy certificates, append-only and chained (see `AutonomyCertificate`). */
  certificates: {
    /** Appends atomically: assigns seq, createdAt, prevHash and hash in one transaction. An id already used fails. */
    append(certificate: NewAutonomyCertificate): Promise<AutonomyCertificate>;
    /** Oldest first (by seq), exactly as stored; optionally of one charter. */
    list(filter?: { charter?: string }): Promise<AutonomyCertificate[]>;
  };
  /** The store's own settings: what the store allows, set by its operator (`reins store config set`). */
  settings: {
    /** The value of a setting, or undefined when it was never set. */
    get(name: StoreSettingName): Promise<string | undefined>;
    set(name: StoreSettingName, value: string): Promise<void>;
  };
  actions: {
    /** Records the start of an execution. Returns the existing record instead if the key is already known. */
    start(
      action: Omit<ActionRecord, "status" | "result" | "startedAt" | "finishedAt">,
    ): Promise<{ record: ActionRecord; created: boolean }>;
    /** Records how an execution ended; read it back with `get` (the runtime never needs it back). */
    finish(
      idempotencyKey: string,
      outcome: { status: "completed" | "failed"; result: unknown },
    ): Promise<void>;
    get(idempotencyKey: string): Promise<ActionRecord | undefined>;
    list(runId: string): Promise<ActionRecord[]>;
  };
  workflows: {
    get(charter: string): Promise<WorkflowState>;
    set(
      charter: string,
      patch: Partial<Omit<WorkflowState, "charter" | "updatedAt">>,
    ): Promise<WorkflowState>;
  };
  facts: {
    put(fact: Omit<FactRecord, "id" | "recordedAt"> & { recordedAt?: string }): Promise<FactRecord>;
    /** Facts of one charter (optionally one key), newest first; facts past their TTL come back as `expired`. */
    list(charter: string, filter?: { key?: string; now?: Date }): Promise<FactRecord[]>;
  };
  evals: {
    /**
     * Saves a finished evaluation and its trial results, in one transaction. Saving an id twice fails, and so do two
     * results with one key.
     */
    save(record: EvalRecord): Promise<void>;
    /**
     * Records a new evaluation in status `running`, with no results yet; its results are added with `putResults` as
     * its trials end, and its report with `finish`. An id already used fails.
     */
    begin(record: NewEval): Promise<void>;
    /**
     * Adds results (and their transcripts) to a running evaluation, in one transaction, and answers how many were
     * new. Idempotent by key (case, perturbation, trial): a key already stored is kept as it is, neither duplicated
     * nor overwritten, and so is the second of two results with one key in the batch. Safe with several processes
     * writing one evaluation at once. An unknown or finished evaluation fails.
     */
    putResults(id: string, results: readonly NewEvalResult[]): Promise<number>;
    /** The keys of the results stored so far, in insertion order; `[]` for an unknown id. */
    completedKeys(id: string): Promise<EvalResultKey[]>;
    /**
     * Marks a running evaluation finished, with whether its thresholds were met and its report. An unknown or finished
     * evaluation fails.
     */
    finish(id: string, outcome: { passed: boolean; report: unknown }): Promise<void>;
    /**
     * Most recent first (by `startedAt`, ties by id): id, suite, agent, startedAt, passed, status, and the number of
     * results; optionally of one suite or status.
     */
    list(filter?: {
      suite?: string;
      status?: EvalStatus;
      limit?: number;
      /** A page's cursor: only the evaluations after it in this order (the last one of the previous page). */
      before?: { startedAt: string; id: string };
    }): Promise<EvalSummary[]>;
    /** One evaluation's summary and plan, running or finished, or undefined. */
    info(id: string): Promise<EvalInfo | undefined>;
    /** The saved report of a finished evaluation, or undefined (unknown, or still running). */
    get(id: string): Promise<unknown | undefined>;
    /** Every saved trial result of one evaluation, in insertion order; `[]` for an unknown id. */
    results(id: string): Promise<EvalResultRecord[]>;
    /**
     * One page of an evaluation's results in insertion order: up to `limit` of those after position `after` (the
     * previous page's `next`), only passed or failed ones with `passed`, only one case's with `caseId`. `next` is
     * null on the last page. Reports of any size are written from these pages, and the dashboard shows them.
     */
    resultPage(
      id: string,
      page: { limit: number; after?: number; passed?: boolean; caseId?: string },
    ): Promise<EvalResultPage>;
    /**
     * The saved transcripts of one evaluation, in insertion order, optionally of one case (and one trial); `[]` for
     * an unknown id or an evaluation saved without transcripts.
     */
    transcripts(id: string, filter?: { caseId?: string; trial?: number }): Promise<EvalTranscriptRecord[]>;
  };
  /** Cached model responses by request key (see `cachedModel`): re-running an evaluation costs nothing. */
  modelCache: {
    /** The value stored under a key, or undefined. */
    get(key: string): Promise<unknown | undefined>;
    /** Stores a value under a key, replacing any value already there. */
    put(key: string, value: unknown): Promise<void>;
  };
  /**
   * Runs `read` (reads only) on one consistent snapshot of the store, so that what another process writes meanwhile
   * is seen wholly or not at all (`verifyAudit` reads heads, events and records this way). Optional: a store without
   * it is read as it goes. The SQLite store opens one deferred transaction on its connection for the duration.
   */
  readConsistent?<T>(read: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
