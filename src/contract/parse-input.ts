import type { z } from "zod";
import type { AnyToolCard } from "./tool-card.js";

/** The last input parsed, against which card's schema, and what came of it. */
let last: { schema: z.ZodType; input: unknown; result: z.ZodSafeParseResult<unknown> } | undefined;

/**
 * A call's input parsed against its card's input schema. The gate (`valid-input`) and the execution that follows it
 * both need it, for the same input object, usually with nothing in between: the last result is kept and given again
 * for the same schema and the same input (by identity), so an evaluation trial parses each call's input once.
 */
export function parseToolInput(card: AnyToolCard, input: unknown): z.ZodSafeParseResult<unknown> {
  if (last !== undefined && last.schema === card.input && Object.is(last.input, input)) return last.result;
  const result = card.input.safeParse(input);
  last = { schema: card.input, input, result };
  return result;
}
