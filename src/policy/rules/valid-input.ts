import { parseToolInput } from "../../contract/parse-input.js";
import { definePolicy } from "../policy-rule.js";
import { allow, deny } from "../verdict.js";

/** Arguments must match the card's input schema; the reason names the first bad field. */
export const validInput = definePolicy({
  name: "valid-input",
  description: "A call's input must be valid against its tool card.",
  check(call, { tool }) {
    if (tool === undefined) return allow();
    const result = parseToolInput(tool, call.input);
    if (result.success) return allow();
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.join(".");
      return `${path === "" ? "(input)" : path}: ${issue.message}`;
    });
    const field = result.error.issues[0]?.path.join(".") ?? "";
    return deny(
      "INPUT_INVALID",
      `invalid input for "${tool.name}": ${problems.join("; ")}`,
      field === "" ? undefined : field,
    );
  },
});
