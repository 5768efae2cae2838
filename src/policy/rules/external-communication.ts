import { definePolicy } from "../policy-rule.js";
import { allow, requireApproval } from "../verdict.js";

/** Anything that leaves the organisation needs a human, at every autonomy level. */
export const externalCommunication = definePolicy({
  name: "external-communication",
  description: "External communication always needs human approval.",
  check(call, { tool }) {
    return tool?.external
      ? requireApproval(
          "EXTERNAL_COMMUNICATION",
          `"${call.toolName}" communicates outside the organisation and always needs approval`,
        )
      : allow();
  },
});
