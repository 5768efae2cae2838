import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { UserError } from "../errors/reins-error.js";
import { scriptedModel } from "../testing/index.js";
import { asLanguageModelV3 } from "./language-model.js";
import type { LanguageModelV4, LanguageModelV4GenerateResult } from "./language-model-v4.js";
import { callOptionsToV3, callOptionsToV4 } from "./language-model-v4-adapter.js";

function refusal(model: unknown, option?: string): UserError {
  try {
    asLanguageModelV3(model, option);
  } catch (error) {
    if (UserError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("asLanguageModelV3", () => {
  it("takes a v3 model as it is", () => {
    const model = scriptedModel({ steps: [] });
    expect(asLanguageModelV3(model)).toBe(model);
  });

  it("refuses what is not a v3 or v4 model, naming the option, specificationVersion and what is accepted", () => {
    const v2 = {
      specificationVersion: "v2",
      provider: "openai",
      modelId: "gpt-4o",
      doGenerate() {},
      doStream() {},
    };
    const cases: [unknown, string][] = [
      [
        v2,
        'agent.model must be an AI SDK language model with specificationVersion "v3" (AI SDK 6 providers) or "v4" (AI SDK 7 providers); got specificationVersion "v2" (an AI SDK 5 provider): upgrade the provider package to 3.x or 4.x',
      ],
      [
        "gpt-4o",
        'agent.model must be an AI SDK language model with specificationVersion "v3" (AI SDK 6 providers) or "v4" (AI SDK 7 providers); got the string "gpt-4o"',
      ],
      [
        { doGenerate() {} },
        'agent.model must be an AI SDK language model with specificationVersion "v3" (AI SDK 6 providers) or "v4" (AI SDK 7 providers); got an object without specificationVersion',
      ],
      [
        null,
        'agent.model must be an AI SDK language model with specificationVersion "v3" (AI SDK 6 providers) or "v4" (AI SDK 7 providers); got null',
      ],
      [
        { specificationVersion: "v5" },
        'agent.model must be an AI SDK language model with specificationVersion "v3" (AI SDK 6 providers) or "v4" (AI SDK 7 providers); got specificationVersion "v5"',
      ],
      [
        { specificationVersion: "v4", provider: "p", modelId: "m" },
        'agent.model says specificationVersion "v4" but has no doGenerate or doStream method',
      ],
    ];
    for (const [model, message] of cases) {
      const error = refusal(model, "agent.model");
      expect([error.code, error.option, error.message]).toEqual([
        "REINS_MODEL_UNSUPPORTED",
        "agent.model",
        message,
      ]);
      expect(error.hint).toContain('openai("gpt-4.1-mini")');
    }
  });
});

describe("the v3 view of a v4 model", () => {
  const bytes = new Uint8Array([137, 80, 78, 71]);
  const request: LanguageModelV3CallOptions = {
    prompt: [
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "Look." },
          { type: "file", mediaType: "image/png", data: bytes },
          {
            type: "file",
            mediaType: "application/pdf",
            data: new URL("https://x.test/a.pdf"),
            originalUrl: "https://x.test/a.pdf",
          },
        ],
      },
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "c1", toolName: "lookup", input: { id: 1 } }],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c1",
            toolName: "lookup",
            output: { type: "json", value: { ok: true } },
          },
          {
            type: "tool-result",
            toolCallId: "c2",
            toolName: "chart",
            output: {
              type: "content",
              value: [{ type: "image-data", data: "iVBORw==", mediaType: "image/png" }],
            },
          },
        ],
      },
    ],
    tools: [{ type: "function", name: "lookup", inputSchema: { type: "object" } }],
    toolChoice: { type: "auto" },
    temperature: 0,
  };

  it("sends a v3 request as v4 call options: file data tagged, the rest unchanged", () => {
    const v4 = callOptionsToV4(request);
    expect(v4.prompt[1]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "Look." },
        { type: "file", mediaType: "image/png", data: { type: "data", data: bytes } },
        {
          type: "file",
          mediaType: "application/pdf",
          data: { type: "url", url: new URL("https://x.test/a.pdf"), originalUrl: "https://x.test/a.pdf" },
        },
      ],
    });
    expect(v4.prompt[3]?.content).toEqual([
      {
        type: "tool-result",
        toolCallId: "c1",
        toolName: "lookup",
        output: { type: "json", value: { ok: true } },
      },
      {
        type: "tool-result",
        toolCallId: "c2",
        toolName: "chart",
        output: {
          type: "content",
          value: [{ type: "file", data: { type: "data", data: "iVBORw==" }, mediaType: "image/png" }],
        },
      },
    ]);
    expect([v4.prompt[0], v4.prompt[2], v4.tools, v4.toolChoice, v4.temperature]).toEqual([
      request.prompt[0],
      request.prompt[2],
      request.tools,
      request.toolChoice,
      0,
    ]);
    // And back: what the scripted model's v4 form records is the request Reins made.
    const back = callOptionsToV3(v4);
    expect(back.prompt.slice(0, 3)).toEqual(request.prompt.slice(0, 3));
  });

  it("refuses a tool result part v4 cannot carry, with the AI SDK's UnsupportedFunctionalityError", () => {
    expect(() =>
      callOptionsToV4({
        prompt: [
          {
            role: "tool",
            content: [
              {
                type: "tool-result",
                toolCallId: "c",
                toolName: "fetch_doc",
                output: { type: "content", value: [{ type: "file-url", url: "https://x.test/doc" }] },
              },
            ],
          },
        ],
      }),
    ).toThrow(/the result of tool fetch_doc holds a "file-url" part without a media type/);
  });

  it("reads a v4 answer as v3: file data untagged, interrupted as error, and a warning for each part left out", async () => {
    const answer: LanguageModelV4GenerateResult = {
      content: [
        {
          type: "text",
          text: "See the chart.",
          citations: [{ source: { type: "source", sourceType: "url", id: "s", url: "https://x.test" } }],
        },
        { type: "reasoning", text: "Chart first." },
        { type: "file", mediaType: "image/png", data: { type: "data", data: "iVBORw==" } },
        { type: "file", mediaType: "image/png", data: { type: "url", url: new URL("https://x.test/c.png") } },
        { type: "reasoning-file", mediaType: "image/png", data: { type: "data", data: "iVBORw==" } },
        { type: "custom", kind: "openai.compaction", providerMetadata: { openai: { itemId: "cmp_1" } } },
        { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: '{"id":1}' },
      ],
      structuredOutputText: "See the chart.",
      finishReason: { unified: "interrupted", raw: undefined },
      usage: {
        inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 5, text: 5, reasoning: 0 },
      },
      warnings: [{ type: "deprecated", setting: "maxTokens", message: "use maxOutputTokens" }],
      response: { id: "r1", modelId: "m" },
    };
    let received: unknown;
    const v4: LanguageModelV4 = {
      specificationVersion: "v4",
      provider: "acme",
      modelId: "m",
      supportedUrls: { "image/*": [/^https:/] },
      async doGenerate(options) {
        received = options;
        return answer;
      },
      async doStream() {
        throw new Error("not streamed");
      },
    };
    const model = asLanguageModelV3(v4);
    expect([model.specificationVersion, model.provider, model.modelId, model.supportedUrls]).toEqual([
      "v3",
      "acme",
      "m",
      { "image/*": [/^https:/] },
    ]);
    const result = await model.doGenerate(request);
    expect(received).toEqual(callOptionsToV4(request));
    expect(result.content).toEqual([
      { type: "text", text: "See the chart." },
      { type: "reasoning", text: "Chart first." },
      { type: "file", mediaType: "image/png", data: "iVBORw==" },
      { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: '{"id":1}' },
    ]);
    expect(result.finishReason).toEqual({ unified: "error", raw: "interrupted" });
    expect(result.usage).toEqual(answer.usage);
    expect(result.response).toEqual({ id: "r1", modelId: "m" });
    expect("structuredOutputText" in result).toBe(false);
    expect(result.warnings).toEqual([
      { type: "other", message: "maxTokens is deprecated: use maxOutputTokens" },
      ...[
        "a file given by URL (image/png)",
        "a reasoning-file part",
        "a custom part (openai.compaction)",
      ].map((part) => ({
        type: "other",
        message: `the model's answer held ${part}, which the v3 language model specification has no form for: Reins left it out`,
      })),
    ]);
  });

  it("streams the scripted model's v4 form as v3 parts", async () => {
    const model = asLanguageModelV3(
      scriptedModel({
        specification: "v4",
        steps: [{ text: "Two words", toolCalls: [{ toolName: "lookup", input: { id: 1 } }] }],
      }),
    );
    const { stream } = await model.doStream({ ...request, prompt: request.prompt.slice(0, 1) });
    const parts: { type: string }[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.map((p) => p.type)).toEqual([
      "stream-start",
      "response-metadata",
      "text-start",
      "text-delta",
      "text-delta",
      "text-end",
      "tool-input-start",
      "tool-input-delta",
      "tool-input-end",
      "tool-call",
      "finish",
    ]);
  });
});
