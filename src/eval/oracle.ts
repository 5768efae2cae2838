import { type AgentConclusion, type FunctionAgent, functionAgent } from "../runtime/agent.js";
import type { EvalCase, OracleStep } from "./case.js";

/**
 * The case's oracle as an agent: it makes the oracle's tool calls through the gate, in order, then concludes as
 * the oracle says. Replaying it must score full marks; if it does not, the label is broken.
 */
export function oracleAgent(evalCase: EvalCase): FunctionAgent {
  const steps = evalCase.oracle ?? [];
  return functionAgent(`oracle:${evalCase.id}`, async ({ call }) => {
    for (const step of steps) {
      if ("tool" in step) {
        await call(step.tool, step.input);
        continue;
      }
      return conclusionOf(step);
    }
    return { type: "refusal", reason: "the oracle has no conclusion step" };
  });
}

function conclusionOf(step: Extract<OracleStep, { conclude: unknown }>): AgentConclusion {
  const c = step.conclude;
  if ("decision" in c) {
    const { decision, confidence, ...fields } = c;
    return { type: "decision", decision: { decision, confidence: confidence ?? 1, ...fields } };
  }
  if ("escalate" in c) {
    return {
      type: "escalation",
      reason: c.escalate,
      evidence: c.evidence ?? null,
      ...(c.recommendation === undefined ? {} : { recommendation: c.recommendation }),
    };
  }
  if ("ask" in c) return { type: "needs-input", fields: c.ask, question: c.question };
  return { type: "refusal", reason: c.refuse };
}
