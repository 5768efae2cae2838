import type { LanguageModelV3Usage } from "@ai-sdk/provider";

/** Roughly four characters per token: deterministic, and close enough for cost accounting in tests. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** A LanguageModelV3 usage record with no cache and no reasoning tokens. */
export function usageOf(inputTokens: number, outputTokens: number): LanguageModelV3Usage {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
  };
}
