import type { AuditEvent } from "../audit-event/audit-event.js";
import type { ApprovalRecord, RunRecord, RunStatus } from "../store/store.js";
import type { AuditProblem } from "./check-chain.js";

/** A run's status as its audit chain tells it: from its last lifecycle event, with that event's seq. */
export interface ChainStatus {
  status: RunStatus;
  seq: number;
}

const lifecycle: Record<string, (data: unknown) => RunStatus | undefined> = {
  "run.started": () => "running",
  "run.resumed": () => "running",
  "run.suspended": () => "suspended",
  "run.ended": (data) => {
    const status = (data as { status?: unknown } | null)?.status;
    return status === "completed" || status === "failed" ? status : undefined;
  },
};

/** The run's status from its last lifecycle event (`run.started`, `run.suspended`, `run.resumed`, `run.ended`). */
export function chainStatus(events: readonly AuditEvent[]): ChainStatus | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as AuditEvent;
    const status = lifecycle[event.type]?.(event.data);
    if (status !== undefined) return { status, seq: event.seq };
  }
  return undefined;
}

/** How a run record disagrees with its chain, in words; undefined when it agrees. */
export function runDisagreement(run: RunRecord, events: readonly AuditEvent[]): string | undefined {
  if (events.length === 0) return "the runs table has a record of this run; the audit log has no event of it";
  const chain = chainStatus(events);
  if (chain === undefined)
    return `the runs table says ${run.status}; the audit chain has no lifecycle event (run.started) of this run`;
  if (chain.status === run.status) return undefined;
  return `the runs table says ${run.status}; the audit chain says ${chain.status} (event ${chain.seq})`;
}

/** An approval's status as its run's chain tells it: its decision event's, else pending once requested. */
function approvalDisagreement(approval: ApprovalRecord, events: readonly AuditEvent[]): string | undefined {
  const about = events.filter((e) => (e.data as { approvalId?: unknown } | null)?.approvalId === approval.id);
  const decided = about.filter((e) => e.type === "approval.decided").at(-1);
  if (about.length === 0)
    return `the approvals table has approval ${approval.id}; the audit log has no event of it`;
  const data = decided?.data as { status?: unknown; decidedBy?: unknown } | undefined;
  const status = data?.status ?? "pending";
  if (status !== approval.status)
    return `the approvals table says approval ${approval.id} is ${approval.status}; the audit chain says ${String(status)}${decided ? ` (event ${decided.seq})` : ""}`;
  if (decided !== undefined && data?.decidedBy !== approval.decidedBy)
    return `the approvals table says approval ${approval.id} was decided by ${String(approval.decidedBy)}; the audit chain says ${String(data?.decidedBy)} (event ${decided.seq})`;
  return undefined;
}

/** Every run and approval record that disagrees with its run's audit chain. */
export function checkRecords(
  runs: readonly RunRecord[],
  approvals: readonly ApprovalRecord[],
  eventsOf: (runId: string) => readonly AuditEvent[],
): AuditProblem[] {
  const problems: AuditProblem[] = [];
  for (const run of runs) {
    const message = runDisagreement(run, eventsOf(run.id));
    if (message !== undefined)
      problems.push({ runId: run.id, seq: 0, kind: "disagrees", message, scope: "record" });
  }
  for (const approval of approvals) {
    const message = approvalDisagreement(approval, eventsOf(approval.runId));
    if (message !== undefined)
      problems.push({ runId: approval.runId, seq: 0, kind: "disagrees", message, scope: "record" });
  }
  return problems;
}
