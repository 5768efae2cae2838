import { ErrorCode } from "../errors/codes.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { type AnyToolCard, isToolCard } from "./tool-card.js";

/** The tools a charter may refer to by name. */
export interface ToolRegistry {
  get(name: string): AnyToolCard | undefined;
  has(name: string): boolean;
  names(): string[];
  all(): AnyToolCard[];
}

/** Registers cards: rejects non-cards, duplicate names, fallbacks that name an unknown tool, and fallback cycles. */
export function createToolRegistry(cards: readonly unknown[], source = "tool registry"): ToolRegistry {
  const issues: ValidationIssue[] = [];
  const byName = new Map<string, AnyToolCard>();
  cards.forEach((card, index) => {
    if (!isToolCard(card)) {
      issues.push({
        file: source,
        path: `[${index}]`,
        message: "is not a tool card (create it with defineTool)",
      });
      return;
    }
    if (byName.has(card.name)) {
      issues.push({
        file: source,
        path: card.name,
        message: `tool "${card.name}" is defined twice; names must be unique`,
      });
      return;
    }
    byName.set(card.name, card);
  });
  for (const card of byName.values()) {
    if (card.fallback === undefined) continue;
    if (!byName.has(card.fallback)) {
      issues.push({
        file: source,
        path: `${card.name}.fallback`,
        message: `names unknown tool "${card.fallback}"; register it or fix the name (known: ${[...byName.keys()].join(", ")})`,
      });
      continue;
    }
    const seen = new Set([card.name]);
    let next: string | undefined = card.fallback;
    while (next !== undefined) {
      if (seen.has(next)) {
        issues.push({
          file: source,
          path: `${card.name}.fallback`,
          message: `forms a cycle: ${[...seen, next].join(" → ")}`,
        });
        break;
      }
      seen.add(next);
      next = byName.get(next)?.fallback;
    }
  }
  if (issues.length > 0) throw new ValidationError({ code: ErrorCode.ToolCardInvalid, issues });
  return {
    get: (name) => byName.get(name),
    has: (name) => byName.has(name),
    names: () => [...byName.keys()],
    all: () => [...byName.values()],
  };
}
