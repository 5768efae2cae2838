import type { AuditSink } from "../audit/audit-log.js";
import type { ApprovalRecord, Store } from "../store/store.js";

export interface DecideApprovalOptions {
  store: Store;
  audit: AuditSink;
  /** The approval (or proposal) id, as `reins approvals list` shows it. */
  approvalId: string;
  decision: "approved" | "rejected";
  /** Who decides: a person, never the model. */
  decidedBy: string;
  /** Who entered the decision, when it is someone other than `decidedBy` (a store that allows delegation). */
  enteredBy?: string;
  /** A rejection's reason (given back to the agent) or an approver's note. */
  note?: string;
}

/**
 * Records a human's decision on a pending approval, with its audit event in the same transaction. It takes effect
 * when the run resumes: an approval lets exactly that call (same tool, call id and input hash) through; a
 * rejection's reason goes back to the agent. The note is stored redacted (`audit.redact`): secrets in it never reach
 * the store, the audit log or the agent.
 */
export function decideApproval(options: DecideApprovalOptions): Promise<ApprovalRecord> {
  // The note is kept (and given back to the agent) redacted, like everything else the run keeps.
  const note =
    options.note === undefined
      ? undefined
      : ((options.audit.redact?.(options.note) as string) ?? options.note);
  return options.store.approvals.decide(
    options.approvalId,
    {
      status: options.decision,
      decidedBy: options.decidedBy,
      ...(options.enteredBy === undefined ? {} : { enteredBy: options.enteredBy }),
      ...(note === undefined ? {} : { note }),
    },
    (record) =>
      options.audit.prepare({
        runId: record.runId,
        type: "approval.decided",
        data: {
          approvalId: record.id,
          callId: record.callId,
          toolName: record.toolName,
          status: record.status,
          decidedBy: record.decidedBy,
          ...(record.enteredBy === undefined ? {} : { enteredBy: record.enteredBy }),
          note: record.note,
        },
      }),
  );
}
