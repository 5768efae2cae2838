import { definePolicy } from "../policy-rule.js";
import { allow, deny, requireApproval } from "../verdict.js";

/**
 * Action tools by autonomy level: `shadow` records, never executes (deny); `draft` turns the action into a
 * proposal and `supervised` runs it after approval (both require approval); `autonomous` lets it through to the
 * other rules.
 */
export const autonomy = definePolicy({
  name: "autonomy",
  description: "Action tools are gated by the workflow's autonomy level.",
  check(call, { tool, autonomy: level }) {
    if (tool?.effect !== "action") return allow();
    switch (level) {
      case "shadow":
        return deny(
          "AUTONOMY_SHADOW",
          `"${call.toolName}" is an action; under shadow autonomy it is recorded, never executed`,
        );
      case "draft":
        return requireApproval(
          "AUTONOMY_DRAFT",
          `"${call.toolName}" is an action; under draft autonomy it becomes a proposal for a human`,
        );
      case "supervised":
        return requireApproval(
          "AUTONOMY_SUPERVISED",
          `"${call.toolName}" is an action; under supervised autonomy it runs after approval`,
        );
      case "autonomous":
        return allow();
    }
  },
});
