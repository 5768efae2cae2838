import type { AnyToolCard } from "../contract/tool-card.js";

/** The MCP tool annotations a client sees for a proxied tool (the MCP `ToolAnnotations` hints). */
export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * The hints a card's contract implies, so that a client can put confirmation in front of what needs it: a `read`
 * changes nothing; a `draft` prepares something without destroying anything; an `action` changes a system and may
 * destroy. `idempotentHint` is the card's `idempotent`; `openWorldHint` is its `external` flag (the tool reaches
 * people or systems outside the organisation). They are derived from the card, never from what the upstream says.
 */
export function toolHints(card: Pick<AnyToolCard, "effect" | "idempotent" | "external">): ToolHints {
  return {
    readOnlyHint: card.effect === "read",
    destructiveHint: card.effect === "action",
    idempotentHint: card.effect === "read" || card.idempotent,
    openWorldHint: card.external,
  };
}
