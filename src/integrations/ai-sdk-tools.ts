import { jsonSchema } from "ai";
import type { AnyToolCard } from "../contract/tool-card.js";
import { cardInputSchema, describeCard } from "../runtime/model-tools.js";
import type { SessionCallResult, ToolSession } from "../runtime/tool-session.js";
import { checkExportedCards, sessionCall } from "./session-tools.js";

export interface AiSdkToolsOptions {
  /** The Reins run the tools' calls belong to (`openToolSession`): its charter, store, autonomy and audit log. */
  session: ToolSession;
}

/**
 * A card's input schema as the AI SDK takes it, in the structural Standard Schema form (with its JSON Schema) that
 * AI SDK 6 and 7 both accept; arguments pass through unchecked, for the gate to judge.
 */
export interface AiSdkInputSchema {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => { readonly value: unknown };
    readonly jsonSchema: {
      readonly input: (options: { readonly target: string }) => Record<string, unknown>;
      readonly output: (options: { readonly target: string }) => Record<string, unknown>;
    };
  };
}

/** One Reins tool as an AI SDK tool: the shape both AI SDK 6's and AI SDK 7's `ToolSet` accept. */
export interface AiSdkTool {
  /** The card's purpose, safe and unsafe uses. */
  readonly description: string;
  readonly inputSchema: AiSdkInputSchema;
  /** Asks the gate (AI SDK 6's approval hook; AI SDK 7 reads it only without `toolApproval` for the tool). */
  readonly needsApproval: (input: unknown, options: { toolCallId: string }) => Promise<boolean>;
  /** The call through the gate, and its execution under the card when the gate allows it. */
  readonly execute: (input: unknown, options: { toolCallId: string }) => Promise<SessionCallResult>;
}

/** Reins tools by card name, for `generateText`/`streamText`'s `tools` (AI SDK 6 or 7). */
export type AiSdkToolSet = Record<string, AiSdkTool>;

/**
 * AI SDK tools for Reins tool cards, usable with AI SDK 6 and 7. Every call goes through the session's gate:
 * `needsApproval` asks the gate, so a call that needs a human's approval surfaces as the SDK's
 * `tool-approval-request` (with a Reins approval `appr_…` recorded for it, decided with `session.decide`,
 * `reins approvals` or the dashboard); `execute` passes the gate again, and only then runs under the card. With
 * AI SDK 7, pass `toolApproval: toAiSdkToolApproval(cards, { session })` as well (its own approval mechanism).
 * Denials, proposals and shadowed calls are results the model reads, never exceptions that end the loop. The input
 * schemas are the cards' (an action's has `confidence` and `basedOn`); arguments are not validated before the gate,
 * so that the gate judges what the model wrote.
 */
export function toAiSdkTools(cards: readonly AnyToolCard[], options: AiSdkToolsOptions): AiSdkToolSet {
  const { session } = options;
  checkExportedCards(cards, session, "toAiSdkTools");
  const tools: AiSdkToolSet = {};
  for (const card of cards) {
    tools[card.name] = {
      description: describeCard(card),
      inputSchema: inputSchema(card),
      needsApproval: async (input, { toolCallId }) => {
        const judged = await session.judge(sessionCall(card, toolCallId, input));
        // After its approval step the SDK asks again before it executes: a call approved in Reins still needed it.
        if (judged === "execute") return session.askedApproval(toolCallId);
        return judged.status === "pending-approval";
      },
      execute: (input, { toolCallId }) => session.call(sessionCall(card, toolCallId, input)),
    };
  }
  return tools;
}

/**
 * The SDK's own JSON Schema object, with a Standard Schema face: the SDK's `Schema` type is branded with a symbol
 * each major version declares anew, so a type naming it fits one version only. Both versions read the `Schema` face.
 */
function inputSchema(card: AnyToolCard): AiSdkInputSchema {
  const schema = cardInputSchema(card);
  const convert = () => schema;
  return Object.assign(jsonSchema<unknown>(schema), {
    "~standard": {
      version: 1 as const,
      vendor: "reins",
      validate: (value: unknown) => ({ value }),
      jsonSchema: { input: convert, output: convert },
    },
  });
}
