import { checkToolInput } from "../../contract/check-input.js";
import { definePolicy } from "../policy-rule.js";
import { allow, deny } from "../verdict.js";

/** Arguments must match the card's input schema; the reason names the first bad field. */
export const validInput = definePolicy({
  name: "valid-input",
  description: "A call's input must be valid against its tool card.",
  check(call, { tool, inputCheck }) {
    if (tool === undefined) return allow();
    const checked = inputCheck ?? checkToolInput(tool, call.input);
    if (checked.ok) return allow();
    return deny(
      "INPUT_INVALID",
      `invalid input for "${tool.name}": ${checked.problems.join("; ")}`,
      checked.field,
    );
  },
});
