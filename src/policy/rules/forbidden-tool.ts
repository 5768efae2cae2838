import { definePolicy } from "../policy-rule.js";
import { allow, deny } from "../verdict.js";

/** The charter's forbidden list is absolute. */
export const forbiddenTool = definePolicy({
  name: "forbidden-tool",
  description: "Tools the charter forbids are never called.",
  check(call, { charter }) {
    return charter.tools.forbidden.includes(call.toolName)
      ? deny("TOOL_FORBIDDEN", `charter "${charter.name}" forbids "${call.toolName}"`)
      : allow();
  },
});
