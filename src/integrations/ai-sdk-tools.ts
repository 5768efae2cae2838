import { jsonSchema, type Tool, type ToolSet, tool } from "ai";
import type { AnyToolCard } from "../contract/tool-card.js";
import { cardInputSchema, describeCard } from "../runtime/model-tools.js";
import type { SessionCallResult, ToolSession } from "../runtime/tool-session.js";
import { checkExportedCards, sessionCall } from "./session-tools.js";

export interface AiSdkToolsOptions {
  /** The Reins run the tools' calls belong to (`openToolSession`): its charter, store, autonomy and audit log. */
  session: ToolSession;
}

/**
 * AI SDK 6 tools for Reins tool cards. Every call goes through the session's gate: `needsApproval` asks the gate, so
 * a call that needs a human's approval surfaces as the SDK's `tool-approval-request` (with a Reins approval
 * `appr_…` recorded for it, decided with `session.decide`, `reins approvals` or the dashboard); `execute` passes the
 * gate again, and only then runs under the card. Denials, proposals and shadowed calls are results the model reads,
 * never exceptions that end the loop. The input schemas are the cards' (an action's has `confidence` and `basedOn`);
 * arguments are not validated before the gate, so that the gate judges what the model wrote.
 */
export function toAiSdkTools(cards: readonly AnyToolCard[], options: AiSdkToolsOptions): ToolSet {
  const { session } = options;
  checkExportedCards(cards, session, "toAiSdkTools");
  const tools: ToolSet = {};
  for (const card of cards) {
    const exported: Tool<unknown, SessionCallResult> = tool<unknown, SessionCallResult>({
      description: describeCard(card),
      inputSchema: jsonSchema<unknown>(cardInputSchema(card)),
      needsApproval: async (input, { toolCallId }) => {
        const judged = await session.judge(sessionCall(card, toolCallId, input));
        // After its approval step the SDK asks again before it executes: a call approved in Reins still needed it.
        if (judged === "execute") return session.askedApproval(toolCallId);
        return judged.status === "pending-approval";
      },
      execute: (input, { toolCallId }) => session.call(sessionCall(card, toolCallId, input)),
    });
    tools[card.name] = exported;
  }
  return tools;
}
