import type { AnyToolCard } from "../contract/tool-card.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { splitActionArguments } from "../runtime/model-tools.js";
import type { SessionCall, ToolSession } from "../runtime/tool-session.js";

/**
 * The cards an SDK export offers, checked against the session: each must be the card the session's calls resolve to,
 * and a tool the charter allows (the gate would deny every call of any other).
 */
export function checkExportedCards(
  cards: readonly AnyToolCard[],
  session: ToolSession,
  exporter: string,
): void {
  const charterTools = session.charter.tools.allowed;
  const seen = new Set<string>();
  for (const [index, card] of cards.entries()) {
    const where = `${exporter}: cards[${index}] ("${card.name}")`;
    if (seen.has(card.name)) {
      throw new UserError({ code: ErrorCode.Usage, message: `${where} is listed twice`, option: "cards" });
    }
    seen.add(card.name);
    if (session.registry.get(card.name) !== card) {
      throw new UserError({
        code: ErrorCode.UnknownTool,
        message: `${where} is not a card of the session's tools: the gate would judge its calls by another card or none`,
        option: "cards",
        hint: "give openToolSession the same cards in `tools`",
      });
    }
    if (!charterTools.includes(card.name)) {
      throw new UserError({
        code: ErrorCode.Usage,
        message: `${where} is not among the charter's allowed tools (${charterTools.join(", ") || "none"}): the gate would deny every call`,
        option: "cards",
        hint: "add it to the charter's tools.allowed, or leave it out",
      });
    }
  }
}

/** A call as the session takes it: an action's `confidence` and `basedOn` are split off its arguments. */
export function sessionCall(card: AnyToolCard, callId: string, input: unknown): SessionCall {
  const args = card.effect === "action" ? splitActionArguments(input) : { input };
  return { callId, toolName: card.name, ...args };
}
