import { type AuditSink, appendAudit } from "../audit/audit-log.js";
import type { Charter } from "../charter/charter.js";
import type { Store, WorkflowState } from "../store/store.js";
import { demoteCertified } from "./demote-autonomy.js";
import type { RunOutcome } from "./outcome.js";
import { workflowAuditId } from "./workflow-audit-id.js";

export { workflowAuditId };

/**
 * Re-assesses a workflow after a run ends: pauses it when the error rate over the last `window` ended runs is above
 * the threshold (once at least `minRuns` ended) — which also demotes its certified autonomy one level
 * (`demoteCertified`) — and flags it when the last N runs all escalated for the same reason.
 */
export async function assessKillSwitch(
  store: Store,
  charter: Charter,
  audit: AuditSink,
): Promise<WorkflowState> {
  const settings = charter.killSwitch;
  const { threshold, window, minRuns } = settings.errorRate;
  const recent = (await store.runs.list({ charter: charter.name, limit: window * 2 }))
    .filter((run) => run.status === "completed" || run.status === "failed")
    .slice(0, window);
  let state = await store.workflows.get(charter.name);
  const failed = recent.filter(
    (run) => run.status === "failed" || (run.outcome as RunOutcome | null)?.type === "error",
  ).length;
  if (!state.paused && recent.length >= minRuns && failed / recent.length > threshold) {
    const reason = `error rate ${failed}/${recent.length} (${Math.round((failed / recent.length) * 100)}%) over the last ${recent.length} runs is above ${Math.round(threshold * 100)}%`;
    state = await store.workflows.set(charter.name, { paused: true, pausedReason: reason });
    await appendAudit(store, audit, {
      runId: workflowAuditId(charter.name),
      type: "workflow.paused",
      data: { reason },
    });
    // Demote fast: a pause drops the certified level (if any) by one, for the runs after a human resumes it.
    await demoteCertified({
      store,
      audit,
      charter,
      cause: {
        kind: "kill-switch",
        detail: `kill switch paused the workflow: ${reason}`,
        key: `pause:${state.updatedAt}`,
      },
    });
  }
  const streak = recent
    .slice(0, settings.sameReasonEscalations)
    .map((run) => run.outcome as RunOutcome | null);
  const first = streak[0];
  if (
    !state.flagged &&
    streak.length === settings.sameReasonEscalations &&
    first?.type === "escalation" &&
    streak.every((o) => o?.type === "escalation" && o.reason === first.reason)
  ) {
    const reason = `${streak.length} escalations in a row for the same reason (${first.reason})`;
    state = await store.workflows.set(charter.name, { flagged: true, flaggedReason: reason });
    await appendAudit(store, audit, {
      runId: workflowAuditId(charter.name),
      type: "workflow.flagged",
      data: { reason },
    });
  }
  return state;
}

/**
 * A human pauses a workflow: it refuses new runs until someone resumes it (`resumeWorkflow`). Runs already going
 * finish; the pause and who made it are in the workflow's audit chain.
 */
export async function pauseWorkflow(options: {
  store: Store;
  audit: AuditSink;
  charter: string;
  by: string;
  reason: string;
}): Promise<WorkflowState> {
  const reason = `paused by ${options.by}: ${options.reason}`;
  const state = await options.store.workflows.set(options.charter, { paused: true, pausedReason: reason });
  await appendAudit(options.store, options.audit, {
    runId: workflowAuditId(options.charter),
    type: "workflow.paused",
    data: { reason, by: options.by },
  });
  return state;
}

/** A human resumes a paused (or flagged) workflow. */
export async function resumeWorkflow(options: {
  store: Store;
  audit: AuditSink;
  charter: string;
  by: string;
}): Promise<WorkflowState> {
  const state = await options.store.workflows.set(options.charter, {
    paused: false,
    pausedReason: null,
    flagged: false,
    flaggedReason: null,
  });
  await appendAudit(options.store, options.audit, {
    runId: workflowAuditId(options.charter),
    type: "workflow.resumed",
    data: { by: options.by },
  });
  return state;
}
