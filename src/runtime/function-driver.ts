import type { AgentConclusion, AgentContext, FunctionAgent } from "./agent.js";
import { gatedCall } from "./gated-call.js";
import type { RunSession } from "./run-session.js";

/**
 * Runs a function agent with gated tools. Calls are numbered in order (`call-1`, `call-2`, …) unless the agent
 * names them, so that a resumed run replays the same calls from the journal instead of executing them again.
 */
export function runFunctionAgent(session: RunSession, agent: FunctionAgent): Promise<AgentConclusion> {
  let index = 0;
  const context: AgentContext = {
    input: session.input,
    charter: session.charter,
    facts: session.facts,
    signal: session.signal,
    call: (toolName, toolInput, options = {}) => {
      index++;
      return gatedCall(session, {
        callId: options.callId ?? `call-${index}`,
        toolName,
        input: toolInput,
        ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
        ...(options.basedOn === undefined ? {} : { basedOn: options.basedOn }),
      });
    },
  };
  return agent.run(context);
}
