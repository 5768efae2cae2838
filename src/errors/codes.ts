/** Every stable error code Reins throws, in one place so that they stay unique and documented. */
export const ErrorCode = {
  /** A YAML or JSON file could not be parsed. */
  SyntaxError: "REINS_SYNTAX",
  /** A charter file does not match the charter format. */
  CharterInvalid: "REINS_CHARTER_INVALID",
  /** A tool card is malformed (bad field, unknown fallback, duplicate name). */
  ToolCardInvalid: "REINS_TOOL_CARD_INVALID",
  /** A tool name was referenced but no card with that name is registered. */
  UnknownTool: "REINS_UNKNOWN_TOOL",
  /** A case file (or a suite's cases) does not match the case format. */
  CaseInvalid: "REINS_CASE_INVALID",
  /** An eval report file does not match the report format or its schema version. */
  ReportInvalid: "REINS_REPORT_INVALID",
  /** A policy rule (TypeScript or YAML) is malformed. */
  PolicyInvalid: "REINS_POLICY_INVALID",
  /** A file or folder the user named does not exist or cannot be read. */
  FileNotFound: "REINS_FILE_NOT_FOUND",
  /** A file the user asked for (a report, a saved state) cannot be written there: a folder, a device, no permission. */
  FileNotWritable: "REINS_FILE_NOT_WRITABLE",
  /** A TypeScript module the user pointed at (tools, policies, agent) failed to load. */
  ModuleLoad: "REINS_MODULE_LOAD",
  /** An option of a library call, or a command-line flag or argument, is wrong. */
  Usage: "REINS_USAGE",
  /** A model spec (`provider:model-id`) is malformed or names an unknown provider. */
  ModelSpecInvalid: "REINS_MODEL_SPEC",
  /** A provider's API key is not in the environment. */
  ModelKeyMissing: "REINS_MODEL_KEY_MISSING",
  /** The store (database) failed: a system error. */
  StoreFailure: "REINS_STORE",
  /** An approval id is unknown, already decided, or does not match the call. */
  ApprovalInvalid: "REINS_APPROVAL_INVALID",
  /** A run id is unknown, or the run cannot be resumed in its state. */
  RunInvalid: "REINS_RUN_INVALID",
  /** Another process is driving the run (it holds the run's lease): one driver per run. */
  RunBusy: "REINS_RUN_BUSY",
  /** A driver lost its run's lease to another process while it worked: it stops without writing. */
  RunLeaseLost: "REINS_RUN_LEASE_LOST",
  /** Agent code called a tool after the run was interrupted (suspended for a human, or concluded by a recovery path). */
  RunInterrupted: "REINS_RUN_INTERRUPTED",
  /** A stored run checkpoint does not match any checkpoint format this version reads. */
  CheckpointInvalid: "REINS_CHECKPOINT_INVALID",
  /** A run stored its input redacted: resuming it needs the input again, and the input given is not the one it started with. */
  RunInputMismatch: "REINS_RUN_INPUT_MISMATCH",
  /** The workflow is paused by its kill switch. */
  WorkflowPaused: "REINS_WORKFLOW_PAUSED",
  /**
   * The agent threw something that is not a Reins error: the run ends with an `error` outcome of this code.
   * Unprefixed because it is the code recorded in run outcomes and audit logs since the first release.
   */
  AgentError: "AGENT_ERROR",
  /** An evaluation trial's run stayed suspended after its approvals were decided: its outcome is an error of this code. */
  EvalUnresolved: "EVAL_UNRESOLVED",
  /** A test double (scripted model) was called in a way its script did not expect. */
  ScriptMismatch: "REINS_SCRIPT_MISMATCH",
  /** An evaluation id, a case of it or a trial number is not in the store, or it kept no transcripts (`reins show`). */
  EvalNotFound: "REINS_EVAL_NOT_FOUND",
  /** A model request (its retries and their waits included) took longer than the charter's `limits.modelTimeoutMs`: the run ends with an `error` outcome of this code. */
  ModelTimeout: "REINS_MODEL_TIMEOUT",
  /** A run took longer than its time limit (`limits.runTimeoutMs`, or an evaluation's trial limit): it ends with an `error` outcome of this code. */
  RunTimeout: "REINS_RUN_TIMEOUT",
  /** The caller's signal (`RunAgentOptions.signal`) aborted the run: it ends with an `error` outcome of this code, whether or not the agent code heeds the signal. */
  RunCancelled: "REINS_RUN_CANCELLED",
  /** The CLI's process ran out of work while the agent still awaited: a promise nothing can settle (no timer, socket or file is pending). The run ends with an `error` outcome of this code instead of the process exiting silently. */
  RunStalled: "REINS_RUN_STALLED",
  /** The audit key (`REINS_AUDIT_KEY`, `REINS_AUDIT_KEY_FILE`, `--key-file`) cannot be used: missing, too short, or a key file readable by group or others. */
  AuditKeyInvalid: "REINS_AUDIT_KEY_INVALID",
  /** An audit anchor file (`reins audit verify --anchor`, the store's `.anchor.json` manifest) is not an anchor `reins audit anchor` writes. */
  AuditAnchorInvalid: "REINS_AUDIT_ANCHOR_INVALID",
  /** A YAML or JSON file is over a limit of what Reins reads: nested too deep, or too many values. */
  DocumentLimit: "REINS_DOCUMENT_LIMIT",
  /** A number in a YAML or JSON file that JSON cannot hold as written (`1e400`, `.inf`, an integer beyond 2^53). */
  NumberOutOfRange: "REINS_NUMBER_RANGE",
  /** A YAML tag outside the core schema (`!include`, `!!binary`): refused rather than read as text. */
  YamlTag: "REINS_YAML_TAG",
  /** `--by` names someone other than the user running the command, and the store does not allow delegation. */
  DelegationRefused: "REINS_DELEGATION_REFUSED",
  /** A review is wrong: an unknown outcome, error type, root cause or priority, a correction the charter refuses, or a run that cannot be reviewed (unknown, still running, another charter's). */
  ReviewInvalid: "REINS_REVIEW_INVALID",
  /** A human-decisions file for `reins shadow` is wrong: a line that is not JSON, an unknown field, an input the charter refuses, a decision or escalation reason it does not know, or a duplicate id. */
  ShadowInputInvalid: "REINS_SHADOW_INPUT_INVALID",
  /** A cards file for `reins mcp-proxy` is wrong: an unknown field, a bad effect class, or a tool the upstream MCP server does not offer. */
  McpCardsInvalid: "REINS_MCP_CARDS_INVALID",
  /** The upstream MCP server of `reins mcp-proxy` could not be started or listed, or failed a call (it exited, answered malformed data, or reported an error): a proxied call that fails so ends its run with an `error` outcome of this code. */
  McpUpstream: "REINS_MCP_UPSTREAM",
  /** A model passed to Reins is not an AI SDK language model of a specification it drives (v3 or v4). */
  ModelUnsupported: "REINS_MODEL_UNSUPPORTED",
  /** A store location (`--store`, `REINS_STORE`) is not a SQLite path or a URL of a kind Reins knows (`postgres://`, `postgresql://`), or the URL is malformed. */
  StoreUrlInvalid: "REINS_STORE_URL",
  /** The store's database server cannot be reached or refuses the connection (down, wrong host or port, unknown database or user, bad password) within the connection timeout. */
  StoreUnreachable: "REINS_STORE_UNREACHABLE",
  /** An evaluation cannot be resumed (`reins eval --resume`): it is finished, it is not in the store, or what it runs changed since it began (charter, instructions, tools, policies, agent or cases differ from its plan). */
  EvalNotResumable: "REINS_EVAL_NOT_RESUMABLE",
  /** The queue's PostgreSQL server (`--queue`) cannot be reached or refused the connection. */
  QueueUnreachable: "REINS_QUEUE_UNREACHABLE",
  /** A worker's workflow folder (charter, instructions, tools, policies, cases) differs from the one an evaluation was planned on: it refuses the evaluation's trials. */
  WorkflowMismatch: "REINS_WORKFLOW_MISMATCH",
  /** A queued evaluation cannot be completed: some trials failed on every attempt, or no worker made progress within the wait limit. */
  EvalIncomplete: "REINS_EVAL_INCOMPLETE",
  /** A `reins serve --users` file is wrong: not YAML or JSON, an unknown field or role, a token too short, a name or token used twice. */
  ServeUsersInvalid: "REINS_SERVE_USERS_INVALID",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
