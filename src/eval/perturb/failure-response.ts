import type { AnyToolCard, FailureResponse } from "../../contract/tool-card.js";

/**
 * What the runtime does when `card` fails with `condition`: the failure mode naming it, else the one naming
 * `error`, else `retry` for timeouts and errors and `stop` for anything else. The same rule as `executeTool`,
 * so that a perturbation labels the recovery the runtime will actually take.
 */
export function failureResponse(card: AnyToolCard, condition: string): FailureResponse {
  const mode =
    card.failureModes.find((m) => m.when === condition) ?? card.failureModes.find((m) => m.when === "error");
  if (mode) return mode.response;
  return condition === "timeout" || condition === "error" ? "retry" : "stop";
}
