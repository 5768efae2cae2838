import { setsField } from "../field-path.js";
import { definePolicy } from "../policy-rule.js";
import { allow, requireApproval } from "../verdict.js";

/** Setting a field the card (or a charter `protectFields` rule) protects needs approval. */
export const protectedFields = definePolicy({
  name: "protected-fields",
  description: "Protected fields (e.g. a CRM owner or stage) are not overwritten without approval.",
  check(call, { tool }) {
    for (const field of tool?.protectedFields ?? []) {
      if (setsField(call.input, field)) {
        return requireApproval(
          "PROTECTED_FIELD",
          `"${call.toolName}" would overwrite protected field "${field}"`,
          field,
        );
      }
    }
    return allow();
  },
});
