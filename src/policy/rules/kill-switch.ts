import { definePolicy } from "../policy-rule.js";
import { allow, deny } from "../verdict.js";

/** A paused workflow executes nothing until a human resumes it. */
export const killSwitch = definePolicy({
  name: "kill-switch",
  description: "Nothing runs while the workflow is paused.",
  check(_call, { charter, workflow }) {
    return workflow?.paused
      ? deny(
          "WORKFLOW_PAUSED",
          `workflow "${charter.name}" is paused${workflow.reason ? ` (${workflow.reason})` : ""}; a human must resume it`,
        )
      : allow();
  },
});
