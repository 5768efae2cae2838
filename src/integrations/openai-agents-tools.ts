import { secureJsonParse } from "@ai-sdk/provider-utils";
import type { AnyToolCard } from "../contract/tool-card.js";
import { cardInputSchema, describeCard } from "../runtime/model-tools.js";
import type { SessionCallResult, ToolSession } from "../runtime/tool-session.js";
import { checkExportedCards, sessionCall } from "./session-tools.js";

// The OpenAI Agents SDK's shapes, written out here so that Reins needs no copy of the SDK to load: the SDK's own
// `FunctionTool` and `ToolInputGuardrailDefinition` accept these values (a test runs them in its `run` loop).

/** A function call as the Agents SDK hands it to a tool's guardrail (its `protocol.FunctionCallItem`). */
export interface AgentsFunctionCall {
  callId: string;
  name: string;
  arguments: string;
}

/** What a tool input guardrail of the Agents SDK returns (its `ToolGuardrailFunctionOutput`). */
export interface AgentsGuardrailOutput {
  behavior: { type: "allow" } | { type: "rejectContent"; message: string };
  outputInfo?: unknown;
}

/** A tool input guardrail of the Agents SDK (its `ToolInputGuardrailDefinition`). */
export interface AgentsToolInputGuardrail {
  type: "tool_input";
  name: string;
  run(data: { toolCall: AgentsFunctionCall }): Promise<AgentsGuardrailOutput>;
}

/** A function tool of the Agents SDK (its `FunctionTool`), non-strict: the gate, not the provider, checks arguments. */
export interface AgentsFunctionTool {
  type: "function";
  name: string;
  description: string;
  parameters: {
    type: "object";
    properties: Record<string, unknown>;
    required: string[];
    additionalProperties: true;
  };
  strict: false;
  invoke(runContext: unknown, input: string, details?: { toolCall?: AgentsFunctionCall }): Promise<string>;
  needsApproval(runContext: unknown, input: unknown, callId?: string): Promise<boolean>;
  isEnabled(runContext: unknown, agent: unknown): Promise<boolean>;
  inputGuardrails: AgentsToolInputGuardrail[];
}

export interface OpenAIAgentsToolsOptions {
  /** The Reins run the tools' calls belong to (`openToolSession`): its charter, store, autonomy and audit log. */
  session: ToolSession;
}

/**
 * OpenAI Agents SDK (JS) function tools for Reins tool cards, each call through the session's gate. `needsApproval`
 * asks the gate, so a call that needs a human's approval is the run's interruption (with a Reins approval `appr_…`
 * recorded for it); the tool's input guardrail runs the gate's checks before the SDK invokes it, and rejects a denied,
 * shadowed, proposed or still-unapproved call with the gate's answer as the model's tool output; `invoke` passes the
 * gate once more and executes under the card. The SDK's approval lets a call through only once Reins has it approved
 * too (`session.decide`, `reins approvals`, or the dashboard).
 */
export function toOpenAIAgentsTools(
  cards: readonly AnyToolCard[],
  options: OpenAIAgentsToolsOptions,
): AgentsFunctionTool[] {
  const { session } = options;
  checkExportedCards(cards, session, "toOpenAIAgentsTools");
  return cards.map((card): AgentsFunctionTool => {
    const schema = cardInputSchema(card);
    const guardrail: AgentsToolInputGuardrail = {
      type: "tool_input",
      name: "reins-gate",
      run: async ({ toolCall }) => {
        const judged = await session.judge(
          sessionCall(card, toolCall.callId, parseArguments(toolCall.arguments)),
        );
        return judged === "execute"
          ? { behavior: { type: "allow" } }
          : { behavior: { type: "rejectContent", message: modelOutput(judged) }, outputInfo: judged };
      },
    };
    return {
      type: "function",
      name: card.name,
      description: describeCard(card),
      parameters: {
        ...schema,
        type: "object",
        properties: (schema.properties as Record<string, unknown> | undefined) ?? {},
        required: (schema.required as string[] | undefined) ?? [],
        additionalProperties: true,
      },
      strict: false,
      invoke: async (_runContext, input, details) => {
        const callId = details?.toolCall?.callId;
        if (callId === undefined) {
          // Without the SDK's call id no approval can be bound to the call: refused, not run under a made-up id.
          return modelOutput({ status: "error", message: "The call has no call id; it was not run." });
        }
        return modelOutput(await session.call(sessionCall(card, callId, parseArguments(input))));
      },
      needsApproval: async (_runContext, input, callId) => {
        if (callId === undefined) return true;
        const judged = await session.judge(sessionCall(card, callId, parseArguments(input)));
        if (judged === "execute") return session.askedApproval(callId);
        return judged.status === "pending-approval";
      },
      isEnabled: async () => true,
      inputGuardrails: [guardrail],
    };
  });
}

/** The model's arguments as data; text that is not JSON goes to the gate as it is, and the card's check refuses it. */
function parseArguments(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return secureJsonParse(input);
  } catch {
    return input;
  }
}

function modelOutput(result: SessionCallResult): string {
  return JSON.stringify(result);
}
