import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/**
 * Runs `work` with a signal that aborts with `REINS_RUN_STALLED` if this process runs out of work first: agent code
 * awaiting a promise nothing can settle (no timer, socket or file pending) would otherwise let Node exit with code 13
 * and print nothing. The run then ends with that error outcome and is recorded like any other.
 */
export async function withStallGuard<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onIdle = () =>
    controller.abort(
      new UserError({
        code: ErrorCode.RunStalled,
        message:
          "the agent stopped making progress: it awaits a promise that nothing can settle (no timer, request or file is pending)",
        hint: "make sure every promise the agent awaits resolves or rejects; limits.runTimeoutMs bounds a run that waits on something real",
      }),
    );
  process.on("beforeExit", onIdle);
  try {
    return await work(controller.signal);
  } finally {
    process.off("beforeExit", onIdle);
  }
}
