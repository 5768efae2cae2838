import type { ToolRegistry } from "../../contract/tool-registry.js";
import type { EvalCase, Expectation, OracleStep } from "../case.js";
import { applied, notApplicable } from "../perturbation-result.js";
import type { Perturbation } from "../suite.js";
import { failureResponse } from "./failure-response.js";
import { firstRequiredTool, isRead } from "./first-required-tool.js";

/**
 * `tool-error`: the first required read tool throws on every call. What the right run does follows the
 * runtime:
 * - the card has a fallback (and retries or falls back on errors) → the fallback answers: labels unchanged,
 *   the run must show the fallback;
 * - else the card's failure modes answer `escalate`, or the charter's `recovery.toolFailure` is `escalate` →
 *   an escalation with reason `tool_failure`, nothing done, the world unchanged;
 * - else `pause` → the run pauses for a human at that call: no decision, nothing done, the world unchanged;
 * - `continue` → not applicable: the agent is told and the right answer depends on the workflow, so the suite
 *   must declare it.
 * Each case it does not apply to is reported not applicable with the reason.
 *
 * A paused or escalated case requires no tool: its outcome shows the broken call (and the runtime does not
 * list a call that ended the run by escalation). Its oracle keeps the steps up to and including the broken
 * tool's first call (the call that fails, so that replaying it pauses or escalates), plus, for an escalation,
 * the conclusion; a paused run has no conclusion. The oracle is dropped when it never calls that tool, and
 * the perturbation does not apply when the oracle acts before that call (the world would not stay unchanged).
 */
export const toolError: Perturbation = (base, { charter, registry }) => {
  const card = firstRequiredTool(base, registry, isRead);
  if (card === undefined) return notApplicable("the case requires no read tool");
  const faults: EvalCase["faults"] = [{ tool: card.name, kind: "error" }, ...base.faults];
  const change = `tool-error on every ${card.name} call`;
  const response = failureResponse(card, "error");
  if (card.fallback !== undefined && (response === "retry" || response === "fallback")) {
    return applied({ ...base, faults, expect: { ...base.expect, recovery: ["fallback"] } }, change);
  }
  const recovery = response === "escalate" ? "escalate" : charter.recovery.toolFailure;
  if (recovery === "continue") {
    return notApplicable(
      "no fallback and no error failure mode answering escalate on the first required read tool, and the charter's recovery.toolFailure is continue: the right answer depends on the workflow, so the suite must declare it",
    );
  }
  const steps = base.oracle === undefined ? undefined : throughFirstCall(base.oracle, card.name);
  if (steps?.some((step) => "tool" in step && !isReadTool(registry, step.tool))) {
    return notApplicable(
      "the oracle acts before the broken tool's first call (the world would not stay unchanged)",
    );
  }
  const { oracle: _oracle, ...rest } = base;
  const stopped = {
    fields: {},
    tools: { ...base.expect.tools, required: [] },
    world: "none",
    noAction: true,
  } satisfies Partial<Expectation>;
  if (recovery === "escalate") {
    return applied(
      {
        ...rest,
        faults,
        expect: {
          outcome: "escalation",
          escalation: { reason: "tool_failure" },
          ...stopped,
          recovery: ["escalate"],
        },
        ...(steps === undefined ? {} : { oracle: [...steps, { conclude: { escalate: "tool_failure" } }] }),
      },
      change,
    );
  }
  return applied(
    {
      ...rest,
      faults,
      expect: { outcome: "paused", ...stopped, recovery: ["pause"] },
      ...(steps === undefined ? {} : { oracle: steps }),
    },
    change,
  );
};

/** The steps up to and including the first call of `tool`; undefined when the oracle never calls it. */
function throughFirstCall(oracle: readonly OracleStep[], tool: string): OracleStep[] | undefined {
  const index = oracle.findIndex((step) => "tool" in step && step.tool === tool);
  return index === -1 ? undefined : oracle.slice(0, index + 1);
}

function isReadTool(registry: ToolRegistry, name: string): boolean {
  return registry.get(name)?.effect === "read";
}
