import { ErrorCode } from "../errors/codes.js";
import { SystemError, UserError } from "../errors/reins-error.js";
import type { ApprovalRecord, RunLease, WorkflowState } from "./store.js";

/**
 * What every `Store` implementation decides alike (the contract tests check it): the state of a workflow never set,
 * when a fact expires, and the errors a caller sees.
 */

/** A workflow never set: running (not paused, not flagged), `updatedAt` the epoch ("never changed"). */
export function unsetWorkflow(charter: string): WorkflowState {
  return {
    charter,
    paused: false,
    pausedReason: null,
    flagged: false,
    flaggedReason: null,
    updatedAt: "1970-01-01T00:00:00.000Z",
  };
}

/** A fact expires when `now >= recordedAt + ttlSeconds`; with no TTL, never. */
export function isFactExpired(recordedAt: string, ttlSeconds: number | null, now: Date): boolean {
  return ttlSeconds !== null && now.getTime() >= Date.parse(recordedAt) + ttlSeconds * 1000;
}

export function unknownRunError(id: string): UserError {
  return new UserError({
    code: ErrorCode.RunInvalid,
    message: `unknown run "${id}"`,
    hint: "check the run id; `reins audit show <runId>` shows a run that exists",
  });
}

const approvalsHint = "run `reins approvals list` to see pending approvals";

export function unknownApprovalError(id: string): UserError {
  return new UserError({
    code: ErrorCode.ApprovalInvalid,
    message: `unknown approval "${id}"`,
    hint: approvalsHint,
  });
}

/** Deciding an approval that is no longer pending: says who decided it and when. */
export function approvalDecidedError(
  approval: Pick<ApprovalRecord, "id" | "status" | "decidedBy" | "decidedAt">,
): UserError {
  return new UserError({
    code: ErrorCode.ApprovalInvalid,
    message: `approval "${approval.id}" was already ${approval.status} by ${approval.decidedBy ?? "unknown"} at ${approval.decidedAt ?? "an unknown time"}`,
    hint: approvalsHint,
  });
}

export function actionNotStartedError(idempotencyKey: string): SystemError {
  return new SystemError({
    code: ErrorCode.StoreFailure,
    message: `no action was started under idempotency key "${idempotencyKey}"; call actions.start before actions.finish`,
  });
}

/** Whether `request.holder` may take a run's lease from `current`: its own, run out, or its holder gone. */
export function mayTakeLease(
  current: RunLease,
  request: { holder: string; canReplace?: (holder: string) => boolean },
  now: Date,
): boolean {
  return (
    current.holder === request.holder ||
    Date.parse(current.until) <= now.getTime() ||
    request.canReplace?.(current.holder) === true
  );
}

/** When a lease taken at `now` for `ttlMs` runs out, as ISO. */
export function leaseUntil(now: Date, ttlMs: number): string {
  return new Date(now.getTime() + ttlMs).toISOString();
}

/** A step written under a lease its driver no longer holds: another process took the run over. */
export function leaseLostError(runId: string, holder: string): SystemError {
  return new SystemError({
    code: ErrorCode.RunLeaseLost,
    message: `run ${runId} is no longer driven by this process (${holder}): another process took it over; nothing was written`,
  });
}
