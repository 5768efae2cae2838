import { definePolicy } from "../policy-rule.js";
import { allow, deny } from "../verdict.js";

/** A tool the charter does not list is never called, and neither is a listed tool that has no card. */
export const toolInCharter = definePolicy({
  name: "tool-in-charter",
  description: "Only tools the charter allows, and that have a registered card, may be called.",
  check(call, { charter, tool }) {
    if (!charter.tools.allowed.includes(call.toolName)) {
      return deny(
        "TOOL_NOT_IN_CHARTER",
        `"${call.toolName}" is not among the tools charter "${charter.name}" allows (${charter.tools.allowed.join(", ")})`,
      );
    }
    if (tool === undefined)
      return deny("TOOL_UNKNOWN", `no tool card named "${call.toolName}" is registered`);
    return allow();
  },
});
