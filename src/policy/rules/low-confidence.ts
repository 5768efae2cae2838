import { definePolicy } from "../policy-rule.js";
import { allow, requireApproval } from "../verdict.js";

/** An action the agent is not confident about becomes a draft for a human (the low-confidence recovery path). */
export const lowConfidence = definePolicy({
  name: "low-confidence",
  description: "An action below the charter's confidence threshold becomes a draft for a human.",
  check(call, { tool, charter }) {
    const threshold = charter.decision.confidenceThreshold;
    return tool?.effect === "action" && call.confidence !== undefined && call.confidence < threshold
      ? requireApproval(
          "LOW_CONFIDENCE",
          `confidence ${call.confidence} is below the charter's threshold ${threshold}; the action becomes a draft`,
        )
      : allow();
  },
});
