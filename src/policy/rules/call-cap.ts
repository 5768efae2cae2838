import { definePolicy } from "../policy-rule.js";
import { allow, deny } from "../verdict.js";

/** A run makes at most `limits.maxToolCalls` tool calls, so that a looping agent stops. */
export const callCap = definePolicy({
  name: "call-cap",
  description: "A run may not exceed the charter's cap on tool calls.",
  check(_call, { charter, callCount }) {
    return callCount >= charter.limits.maxToolCalls
      ? deny(
          "CALL_CAP",
          `this run already made ${callCount} tool calls, the charter's cap (limits.maxToolCalls)`,
        )
      : allow();
  },
});
