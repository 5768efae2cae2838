import type { AuditSink } from "../runtime/run-session.js";

/**
 * The audit sink of evaluation trials: it keeps nothing. Redaction, canonical JSON and the hash chain make a durable
 * log trustworthy, and a trial's sandbox is dropped once the trial is scored; what a trial did is in its result
 * (outcome, tool calls, final state). Writing the audit log was a fifth of an evaluation's time (bench/eval-throughput).
 */
export const trialAudit: AuditSink = {
  async append() {},
  discards: true,
};
