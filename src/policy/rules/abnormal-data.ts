import { definePolicy } from "../policy-rule.js";
import { allow, deny } from "../verdict.js";

/** After a tool returned data that broke its output contract, no further action runs until a human looks. */
export const abnormalData = definePolicy({
  name: "abnormal-data",
  description: "After a tool returns abnormal data, further actions in the run are blocked.",
  check(_call, { tool, abnormal }) {
    return abnormal === true && tool?.effect === "action"
      ? deny(
          "ABNORMAL_DATA",
          "a tool returned abnormal data earlier in this run; actions are blocked until a human reviews it",
        )
      : allow();
  },
});
