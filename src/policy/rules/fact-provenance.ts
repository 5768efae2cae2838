import { definePolicy } from "../policy-rule.js";
import { allow, deny } from "../verdict.js";

/**
 * An action may not rest on a fact the agent inferred or one past its time to live; and a tool the charter lists in
 * `tools.requireBasedOn` may not be called without naming the facts it rests on, since unnamed facts are unchecked.
 */
export const factProvenance = definePolicy({
  name: "fact-provenance",
  description:
    "Actions may not rest on inferred or expired facts, and tools in tools.requireBasedOn must name the facts they rest on.",
  check(call, { charter, tool, facts }) {
    if (charter.tools.requireBasedOn.includes(call.toolName) && (facts ?? []).length === 0) {
      return deny(
        "FACTS_NOT_NAMED",
        `"${call.toolName}" must name the facts it rests on (basedOn), as charter "${charter.name}" requires; none were named`,
      );
    }
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
