import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { Interrupt } from "./run-state.js";

/**
 * Thrown through agent code to stop the run where it is, after the interrupt is recorded on the run's state: code
 * that catches it cannot turn it into success, because the driver honours the record whatever the agent returns.
 */
export class RunInterrupt extends Error {
  override readonly name = "RunInterrupt";
  constructor(readonly interrupt: Interrupt) {
    super(
      interrupt.type === "suspend"
        ? `run suspended: ${interrupt.suspended.kind}`
        : `run concluded: ${interrupt.conclusion.type}`,
    );
  }
}

/** A tool call after the run was interrupted: refused, whatever the agent code does with the interrupt. */
export function callAfterInterrupt(runId: string, toolName: string, interrupt: Interrupt): UserError {
  const why =
    interrupt.type === "suspend"
      ? interrupt.suspended.kind === "approval"
        ? `it is suspended for approval ${interrupt.suspended.approval.approvalId}`
        : `it is paused after "${interrupt.suspended.toolName}" failed`
      : `it was concluded (${interrupt.conclusion.type})`;
  return new UserError({
    code: ErrorCode.RunInterrupted,
    message: `"${toolName}" was not called: run ${runId} was interrupted, ${why}`,
    hint: "agent code must not catch Reins' interrupts: rethrow errors your code does not handle",
  });
}

/** A tool call after the run's signal aborted (it was cancelled or ran out of time): refused, since the run is over. */
export function callAfterAbort(runId: string, toolName: string): UserError {
  return new UserError({
    code: ErrorCode.RunInterrupted,
    message: `"${toolName}" was not called: run ${runId} was cancelled or reached its time limit`,
    hint: "agent code should stop when its context's signal aborts",
  });
}
