import { definePolicy } from "../policy-rule.js";
import { allow, deny } from "../verdict.js";

/** An action may not rest on a fact the agent inferred or one past its time to live. */
export const factProvenance = definePolicy({
  name: "fact-provenance",
  description: "Actions may not rest on inferred or expired facts.",
  check(call, { tool, facts }) {
    if (tool?.effect !== "action") return allow();
    const weak = (facts ?? []).filter(
      (fact) => fact.provenance === "inferred" || fact.provenance === "expired",
    );
    if (weak.length === 0) return allow();
    return deny(
      "UNVERIFIED_FACT",
      `"${call.toolName}" rests on ${weak.map((f) => `${f.provenance} fact "${f.key}"`).join(", ")}; verify them first`,
    );
  },
});
