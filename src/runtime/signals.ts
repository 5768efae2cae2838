import type { AgentConclusion } from "./agent.js";
import type { RunResult } from "./outcome.js";

/**
 * Thrown through agent code to stop the run where it is: to wait for a human (`SuspendRun`) or to end it on a
 * recovery path (`ConcludeRun`). Function agents must not swallow them (rethrow anything that is not yours).
 */
export class SuspendRun extends Error {
  override readonly name = "SuspendRun";
  constructor(readonly suspended: NonNullable<RunResult["suspended"]>) {
    super(`run suspended: ${suspended.kind}`);
  }
}

export class ConcludeRun extends Error {
  override readonly name = "ConcludeRun";
  constructor(readonly conclusion: AgentConclusion) {
    super(`run concluded: ${conclusion.type}`);
  }
}
