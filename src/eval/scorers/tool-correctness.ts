import type { Scorer } from "../trial.js";
import { usedStatuses } from "./describe.js";

/** Required tools used (in order where labelled), no forbidden tool called, no call rejected by its contract. */
export const toolCorrectness: Scorer = {
  name: "toolCorrectness",
  score({ case: c, charter, toolCalls }) {
    const failures: string[] = [];
    const used = toolCalls.filter((call) => usedStatuses.has(call.status)).map((call) => call.toolName);
    const { required, ordered, forbidden } = c.expect.tools;
    for (const name of required) {
      if (!used.includes(name)) failures.push(`required tool ${name} was never called`);
    }
    if (ordered && required.every((name) => used.includes(name))) {
      const firstUses = required.map((name) => used.indexOf(name));
      if (firstUses.some((index, i) => i > 0 && index < (firstUses[i - 1] ?? -1))) {
        const actual = [...required].sort((a, b) => used.indexOf(a) - used.indexOf(b));
        failures.push(`expected the tools in the order ${required.join(" → ")}, got ${actual.join(" → ")}`);
      }
    }
    const banned = new Set([...forbidden, ...charter.tools.forbidden]);
    for (const call of toolCalls) {
      if (banned.has(call.toolName)) failures.push(`called forbidden tool ${call.toolName} (${call.status})`);
      if (call.verdict.type === "deny") {
        for (const reason of call.verdict.reasons.filter((r) => r.code === "INPUT_INVALID")) {
          failures.push(`a call to ${call.toolName} was rejected by its contract: ${reason.message}`);
        }
      }
    }
    return { passed: failures.length === 0, failures };
  },
};
