import type { AnyToolCard } from "../../contract/tool-card.js";
import type { ToolRegistry } from "../../contract/tool-registry.js";
import type { EvalCase } from "../case.js";

/** The first of the case's required tools that is registered and whose card passes `accept`. */
export function firstRequiredTool(
  base: EvalCase,
  registry: ToolRegistry,
  accept: (card: AnyToolCard) => boolean,
): AnyToolCard | undefined {
  for (const name of base.expect.tools.required) {
    const card = registry.get(name);
    if (card !== undefined && accept(card)) return card;
  }
  return undefined;
}

/** A read tool changes nothing, so breaking or poisoning it leaves the world as the base case found it. */
export const isRead = (card: AnyToolCard): boolean => card.effect === "read";
