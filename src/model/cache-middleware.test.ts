import type { LanguageModelV3 } from "@ai-sdk/provider";
import { defaultSettingsMiddleware, generateText, streamText, wrapLanguageModel } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemoryStore } from "../store/memory-store.js";
import { type ScriptedModel, scriptedModel } from "../testing/index.js";
import { cachedModel, cacheMiddleware, modelCacheKey } from "./cache-middleware.js";

/** The scripted model's answers, dressed up with every field a provider may send. */
function richModel(inner: ScriptedModel): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: inner.provider,
    modelId: inner.modelId,
    supportedUrls: {},
    async doGenerate(callOptions) {
      const result = await inner.doGenerate(callOptions);
      return {
        ...result,
        content: [
          { type: "reasoning", text: "The domain is a company." },
          ...result.content,
          { type: "file", mediaType: "image/png", data: new Uint8Array([137, 80, 78, 71]) },
        ],
        providerMetadata: { openai: { responseId: "resp_1", cachedPromptTokens: 0 } },
        warnings: [{ type: "other", message: "seed is not supported" }],
        response: { id: "resp_1", modelId: "gpt-test-2025", timestamp: new Date("2025-03-01T12:00:00.000Z") },
      };
    },
    doStream: (callOptions) => inner.doStream(callOptions),
  };
}

describe("cacheMiddleware (through cachedModel)", () => {
  // The rich model's answer carries a warning; keep the AI SDK from printing it.
  const globals = globalThis as { AI_SDK_LOG_WARNINGS?: boolean };
  const logWarnings = globals.AI_SDK_LOG_WARNINGS;
  beforeAll(() => {
    globals.AI_SDK_LOG_WARNINGS = false;
  });
  afterAll(() => {
    globals.AI_SDK_LOG_WARNINGS = logWarnings;
  });

  it("answers the same request in the same trial from the store, without calling the model", async () => {
    const store = openMemoryStore();
    const scripted = scriptedModel({ steps: [{ text: "qualified" }] });
    const model = await cachedModel(scripted, { store, trial: 0 });
    const first = await generateText({ model, prompt: "Route jo@acme.com" });
    const second = await generateText({
      model,
      prompt: "Route jo@acme.com",
      headers: { "x-request-id": "other" },
      abortSignal: new AbortController().signal,
    });
    expect(scripted.calls.length).toBe(1);
    scripted.assertConsumed();
    expect([first.text, second.text]).toEqual(["qualified", "qualified"]);
    expect([second.finishReason, second.usage, second.response.id, second.response.modelId]).toEqual([
      first.finishReason,
      first.usage,
      first.response.id,
      first.response.modelId,
    ]);
  });

  it("asks the model again in another trial, for another prompt, and in another namespace", async () => {
    const store = openMemoryStore();
    const scripted = scriptedModel({
      steps: [
        { text: "trial 0" },
        { text: "trial 1" },
        { text: "other prompt" },
        { text: "other namespace" },
      ],
    });
    const ask = async (trial: number, prompt: string, namespace?: string) =>
      (await generateText({ model: await cachedModel(scripted, { store, trial, namespace }), prompt })).text;
    expect(await ask(0, "Route jo@acme.com")).toBe("trial 0");
    expect(await ask(1, "Route jo@acme.com")).toBe("trial 1");
    expect(await ask(1, "Route al@acme.com")).toBe("other prompt");
    expect(await ask(1, "Route al@acme.com", "v2")).toBe("other namespace");
    expect(await ask(0, "Route jo@acme.com")).toBe("trial 0");
    expect(await ask(1, "Route al@acme.com", "v2")).toBe("other namespace");
    expect(scripted.calls.length).toBe(4);
    scripted.assertConsumed();
  });

  it("replays everything generateText reads: content, files, finish reason, usage, metadata, warnings", async () => {
    const store = openMemoryStore();
    const scripted = scriptedModel({
      steps: [{ text: "qualified", usage: { inputTokens: 120, outputTokens: 4 } }],
    });
    const model = await cachedModel(richModel(scripted), { store, trial: 3 });
    const view = async () => {
      const result = await generateText({ model, prompt: "Route jo@acme.com" });
      return {
        text: result.text,
        reasoningText: result.reasoningText,
        files: result.files.map((file) => ({ mediaType: file.mediaType, bytes: [...file.uint8Array] })),
        finishReason: result.finishReason,
        rawFinishReason: result.rawFinishReason,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        providerMetadata: result.providerMetadata,
        warnings: result.warnings,
        response: {
          id: result.response.id,
          modelId: result.response.modelId,
          timestamp: result.response.timestamp,
        },
      };
    };
    const miss = await view();
    expect(miss).toEqual({
      text: "qualified",
      reasoningText: "The domain is a company.",
      files: [{ mediaType: "image/png", bytes: [137, 80, 78, 71] }],
      finishReason: "stop",
      rawFinishReason: "stop",
      inputTokens: 120,
      outputTokens: 4,
      providerMetadata: { openai: { responseId: "resp_1", cachedPromptTokens: 0 } },
      warnings: [{ type: "other", message: "seed is not supported" }],
      response: { id: "resp_1", modelId: "gpt-test-2025", timestamp: new Date("2025-03-01T12:00:00.000Z") },
    });
    expect(await view()).toEqual(miss);
    expect(scripted.calls.length).toBe(1);
  });

  it("stores the answer as JSON under the request's key", async () => {
    const store = openMemoryStore();
    const scripted = scriptedModel({
      steps: [{ text: "qualified", usage: { inputTokens: 10, outputTokens: 2 } }],
    });
    await generateText({ model: await cachedModel(scripted, { store, trial: 0 }), prompt: "Hi" });
    const params = { prompt: scripted.calls[0]?.prompt ?? [] };
    const key = modelCacheKey({ provider: "reins.scripted", modelId: "scripted", params, trial: 0 });
    expect(await store.modelCache.get(key)).toEqual({
      schemaVersion: 1,
      content: [{ type: "text", text: "qualified" }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 2, text: 2, reasoning: 0 },
      },
      warnings: [],
      response: { id: "scripted-0", modelId: "scripted" },
    });
  });

  it("asks again when the stored entry is not a cached answer of this version, and replaces it", async () => {
    const store = openMemoryStore();
    const scripted = scriptedModel({ steps: [{ text: "fresh" }] });
    const params = { prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: "Hi" }] }] };
    const key = modelCacheKey({ provider: "reins.scripted", modelId: "scripted", params, trial: 0 });
    await store.modelCache.put(key, { schemaVersion: 0, text: "stale" });
    const model = await cachedModel(scripted, { store, trial: 0 });
    expect((await generateText({ model, prompt: "Hi" })).text).toBe("fresh");
    expect(await store.modelCache.get(key)).toMatchObject({ schemaVersion: 1 });
  });

  it("is a middleware: composed with another, it keys the request as that one changed it", async () => {
    const store = openMemoryStore();
    const scripted = scriptedModel({ steps: [{ text: "cold" }] });
    const model = wrapLanguageModel({
      model: scripted,
      middleware: [
        defaultSettingsMiddleware({ settings: { temperature: 0 } }),
        cacheMiddleware({ store, trial: 2 }),
      ],
    });
    expect([model.provider, model.modelId]).toEqual(["reins.scripted", "scripted"]);
    expect((await generateText({ model, prompt: "Hi" })).text).toBe("cold");
    expect((await generateText({ model, prompt: "Hi" })).text).toBe("cold");
    expect(scripted.calls.length).toBe(1);
    const prompt = [{ role: "user" as const, content: [{ type: "text" as const, text: "Hi" }] }];
    const key = (params: { prompt: typeof prompt; temperature?: number }) =>
      modelCacheKey({ provider: "reins.scripted", modelId: "scripted", params, trial: 2 });
    expect(await store.modelCache.get(key({ prompt, temperature: 0 }))).toMatchObject({ schemaVersion: 1 });
    expect(await store.modelCache.get(key({ prompt }))).toBeUndefined();
  });

  it("passes streams through uncached", async () => {
    const store = openMemoryStore();
    const scripted = scriptedModel({ steps: [{ text: "one" }, { text: "two" }] });
    const model = await cachedModel(scripted, { store, trial: 0 });
    expect(await streamText({ model, prompt: "Hi" }).text).toBe("one");
    expect(await streamText({ model, prompt: "Hi" }).text).toBe("two");
  });
});

describe("modelCacheKey", () => {
  const params = { prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: "Hi" }] }] };
  const base = { provider: "openai.responses", modelId: "gpt-4.1-mini", params, trial: 0 };

  it("is pinned: sha256 of the canonical JSON of provider, model, request, trial and namespace", () => {
    // The key format is durable: changing it silently empties every cache. This is sha256 of
    // {"modelId":"gpt-4.1-mini","namespace":null,"provider":"openai.responses","request":{"prompt":[…]},"trial":0}.
    expect(modelCacheKey(base)).toBe("bbbcc63f8d12d90e8afda727a066c15cd9d2ea8d7a98151ce1b443b67fba013c");
  });

  it("ignores abortSignal, headers and key order; changes with anything else in the request", () => {
    const key = modelCacheKey(base);
    const reordered = { temperature: 0, ...params, headers: { a: "b" }, abortSignal: AbortSignal.abort() };
    expect(modelCacheKey({ ...base, params: { ...params, temperature: 0 } })).toBe(
      modelCacheKey({ ...base, params: reordered }),
    );
    expect(modelCacheKey({ ...base, params: { ...params, headers: { a: "b" } } })).toBe(key);
    expect(modelCacheKey({ ...base, params: { ...params, temperature: 0 } })).not.toBe(key);
    expect(modelCacheKey({ ...base, trial: 1 })).not.toBe(key);
    expect(modelCacheKey({ ...base, namespace: "v2" })).not.toBe(key);
    expect(modelCacheKey({ ...base, modelId: "gpt-4.1" })).not.toBe(key);
    expect(modelCacheKey({ ...base, provider: "openai.chat" })).not.toBe(key);
  });

  it("hashes file bytes as base64, so that a Uint8Array and its base64 text are the same request", () => {
    const file = (data: Uint8Array | string) => ({
      ...base,
      params: {
        prompt: [
          { role: "user" as const, content: [{ type: "file" as const, mediaType: "image/png", data }] },
        ],
      },
    });
    expect(modelCacheKey(file(new Uint8Array([137, 80, 78, 71])))).toBe(modelCacheKey(file("iVBORw==")));
    expect(modelCacheKey(file(new Uint8Array([137, 80, 78, 72])))).not.toBe(modelCacheKey(file("iVBORw==")));
  });
});
