import { describe, expect, it } from "vitest";
import { builtinPrices, estimateCostUsd } from "./cost.js";

const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };

describe("estimateCostUsd", () => {
  it("prices a million input and a million output tokens of each built-in model at its list price", () => {
    const costs = Object.fromEntries(
      Object.keys(builtinPrices).map((model) => [model, estimateCostUsd(model, usage)]),
    );
    expect(costs).toEqual({
      "openai:gpt-4.1": 10,
      "openai:gpt-4.1-mini": 2,
      "openai:gpt-4o-mini": 0.75,
      "anthropic:claude-sonnet-4-5": 18,
      "anthropic:claude-haiku-4-5": 6,
      "google:gemini-2.5-flash": 2.8,
    });
  });

  it("prices a typical trial's usage", () => {
    expect(estimateCostUsd("openai:gpt-4.1-mini", { inputTokens: 12_000, outputTokens: 800 })).toBe(0.00608);
    expect(estimateCostUsd("anthropic:claude-sonnet-4-5", { inputTokens: 2_000, outputTokens: 500 })).toBe(
      0.0135,
    );
    expect(estimateCostUsd("openai:gpt-4.1", { inputTokens: 0, outputTokens: 0 })).toBe(0);
  });

  it("returns null for no model and for a model it does not know, never guessing", () => {
    expect(estimateCostUsd(null, usage)).toBeNull();
    expect(estimateCostUsd("openai:gpt-4.1-nano", usage)).toBeNull();
    expect(estimateCostUsd("anthropic:claude-sonnet-4-5-20250929", usage)).toBeNull();
    expect(estimateCostUsd("gpt-4.1", usage)).toBeNull();
    expect(estimateCostUsd("ollama:qwen2.5", usage)).toBeNull();
    expect(estimateCostUsd("constructor", usage)).toBeNull();
    expect(estimateCostUsd("__proto__", usage)).toBeNull();
  });

  it("uses the prices given over the built-in table, and for models the table lacks", () => {
    const prices = { "openai:gpt-4.1": { input: 1, output: 4 }, "ollama:qwen2.5": { input: 0, output: 0 } };
    expect(estimateCostUsd("openai:gpt-4.1", usage, prices)).toBe(5);
    expect(estimateCostUsd("ollama:qwen2.5", usage, prices)).toBe(0);
    expect(estimateCostUsd("openai:gpt-4o-mini", usage, prices)).toBe(0.75);
  });
});
