/** A model's list price in USD per million tokens. */
export interface ModelPrice {
  /** USD per million input (prompt) tokens. */
  input: number;
  /** USD per million output (completion, including reasoning) tokens. */
  output: number;
}

/**
 * Built-in list prices, USD per million tokens, standard (non-batch, uncached, short-context) tier, written on
 * 2026-11-25 from the providers' published prices. Prices change: pass `prices` to {@link estimateCostUsd} to
 * override or extend this table. Keys are model specs (`provider:model-id`).
 */
export const builtinPrices: Readonly<Record<string, ModelPrice>> = {
  "openai:gpt-4.1": { input: 2, output: 8 },
  "openai:gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "openai:gpt-4o-mini": { input: 0.15, output: 0.6 },
  "anthropic:claude-sonnet-4-5": { input: 3, output: 15 },
  "anthropic:claude-haiku-4-5": { input: 1, output: 5 },
  "google:gemini-2.5-flash": { input: 0.3, output: 2.5 },
};

function priceOf(table: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | undefined {
  return Object.hasOwn(table, model) ? table[model] : undefined;
}

/**
 * The estimated cost in USD of the tokens used, at `prices[model]`, else the built-in price of the model. Null when
 * the model is null or has no known price: a cost is never guessed (no prefix matching, no dated-id aliases).
 * Cached-input discounts are not applied, so the estimate errs high.
 */
export function estimateCostUsd(
  model: string | null,
  usage: { inputTokens: number; outputTokens: number },
  prices: Record<string, ModelPrice> = {},
): number | null {
  if (model === null) return null;
  const price = priceOf(prices, model) ?? priceOf(builtinPrices, model);
  if (price === undefined) return null;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
