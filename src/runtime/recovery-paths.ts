import type { RecoveryPaths } from "../charter/charter.js";

/**
 * What the runtime does on each recovery path, by the charter's setting (SPEC §1). The one table of them: the
 * planners look up a step here and build it; nothing else decides a recovery path.
 *
 * - `ask`: the run ends asking for the missing fields.
 * - `escalate`: the run ends as an escalation with the evidence.
 * - `refuse`: the run ends as a refusal.
 * - `pause`: the run suspends for a human, who resumes it (the call is then retried).
 * - `tell-agent`: the agent gets the result as a value and goes on (it must follow the policy and explain).
 * - `propose`: the action becomes a proposal for a human; the agent goes on.
 * - `suspend`: the run waits for a human's approval of the call.
 */
export type RecoveryStep = "ask" | "escalate" | "refuse" | "pause" | "tell-agent" | "propose" | "suspend";

export const recoveryTable: { [P in keyof RecoveryPaths]: Record<RecoveryPaths[P], RecoveryStep> } = {
  missingInput: { ask: "ask", escalate: "escalate" },
  conflictingRecords: { escalate: "escalate", stop: "refuse" },
  toolFailure: { pause: "pause", escalate: "escalate", continue: "tell-agent" },
  lowConfidence: { draft: "propose", escalate: "escalate" },
  policyUncertainty: { "request-approval": "suspend", stop: "escalate" },
  policyConflict: { explain: "tell-agent", stop: "refuse" },
};

/** The step the charter's setting for `path` calls for. */
export function recoveryStep<P extends keyof RecoveryPaths>(recovery: RecoveryPaths, path: P): RecoveryStep {
  return recoveryTable[path][recovery[path]];
}
