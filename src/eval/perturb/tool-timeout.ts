import { applied, notApplicable } from "../perturbation-result.js";
import type { Perturbation } from "../suite.js";
import { failureResponse } from "./failure-response.js";
import { firstRequiredTool } from "./first-required-tool.js";

/**
 * `tool-timeout`: the first required read tool that the runtime retries on a timeout (`retries` ≥ 1, and its
 * failure modes answer `retry`) hangs on its first call. The retry answers, so the labels stay as they are;
 * the run must show the retry. Not applicable when no required tool qualifies.
 */
export const toolTimeout: Perturbation = (base, { registry }) => {
  const card = firstRequiredTool(
    base,
    registry,
    (c) => c.effect === "read" && c.retries >= 1 && failureResponse(c, "timeout") === "retry",
  );
  if (card === undefined) {
    return notApplicable(
      "no required read tool is retried on a timeout (retries ≥ 1 and a failure mode answering retry)",
    );
  }
  return applied(
    {
      ...base,
      // First, so that it wins over a fault the case already has on that call.
      faults: [{ tool: card.name, kind: "timeout", calls: [1] }, ...base.faults],
      expect: { ...base.expect, recovery: ["retry"] },
    },
    `timeout on ${card.name} call 1`,
  );
};
