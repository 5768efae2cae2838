import type { LanguageModelV3Content, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { secureJsonParse } from "@ai-sdk/provider-utils";
import { describe, expect, it } from "vitest";
import { parseToolArguments, readModelAnswer } from "./model-answer.js";

describe("parseToolArguments", () => {
  it("parses JSON, reads blank as {} and keeps invalid or prototype-setting JSON as raw text", () => {
    expect(parseToolArguments('{"domain":"acme.com","n":[1,{"a":null}]}')).toEqual({
      valid: true,
      value: { domain: "acme.com", n: [1, { a: null }] },
    });
    expect(parseToolArguments("5")).toEqual({ valid: true, value: 5 });
    expect(parseToolArguments("")).toEqual({ valid: true, value: {} });
    expect(parseToolArguments(" \n ")).toEqual({ valid: true, value: {} });
    expect(parseToolArguments("{not json")).toEqual({ valid: false, value: "{not json" });
    expect(parseToolArguments('{"domain":"a","__proto__":{"admin":true}}')).toEqual({
      valid: false,
      value: '{"domain":"a","__proto__":{"admin":true}}',
    });
    expect(parseToolArguments('{"a":{"constructor":{"prototype":{"x":1}}}}')).toEqual({
      valid: false,
      value: '{"a":{"constructor":{"prototype":{"x":1}}}}',
    });
    // Only a key named so is suspect, not a value.
    expect(parseToolArguments('{"note":"__proto__"}')).toEqual({ valid: true, value: { note: "__proto__" } });
    expect(parseToolArguments('{"constructor":"x"}')).toEqual({ valid: true, value: { constructor: "x" } });
  });

  it("refuses exactly what provider-utils' secureJsonParse refuses", () => {
    const inputs = [
      '{"domain":"acme.com"}',
      "[1,2]",
      '"text"',
      "null",
      "{not json",
      '{"__proto__":{"admin":true}}',
      '{"\\u005f_proto__":{"admin":true}}',
      '{"a":[{"b":{"__proto__":null}}]}',
      '{"constructor":{"prototype":{"x":1}}}',
      '{"constructor":{"prototype":null}}',
      '{"\\u0063onstructor":{"prototype":{}}}',
      '{"constructor":{"other":1}}',
      '{"constructor":"x","note":"__proto__"}',
    ];
    const library = (raw: string) => {
      try {
        return { valid: true, value: secureJsonParse(raw) as unknown };
      } catch {
        return { valid: false, value: raw };
      }
    };
    expect(inputs.map(parseToolArguments)).toEqual(inputs.map(library));
    expect(inputs.map((raw) => parseToolArguments(raw).valid)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
  });
});

function answerOf(
  content: LanguageModelV3Content[],
  usage: { input?: number; output?: number } = {},
): LanguageModelV3GenerateResult {
  return {
    content,
    finishReason: { unified: "tool-calls", raw: "tool_calls" },
    usage: {
      inputTokens: { total: usage.input, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: usage.output, text: undefined, reasoning: undefined },
    },
    warnings: [],
  };
}

const offered = new Set(["lookup", "reins_decide"]);

describe("readModelAnswer", () => {
  it("hands every tool call to the gate and keeps the model's message as generateText stored it", () => {
    const answer = readModelAnswer(
      answerOf(
        [
          { type: "reasoning", text: "think", providerMetadata: { anthropic: { signature: "sig" } } },
          { type: "text", text: "Let me " },
          { type: "text", text: "" },
          { type: "text", text: "look." },
          {
            type: "tool-call",
            toolCallId: "a",
            toolName: "lookup",
            input: '{"domain":"acme.com"}',
            providerMetadata: { openai: { itemId: "fc_1" } },
          },
          { type: "tool-call", toolCallId: "b", toolName: "lookup", input: "{not json" },
          { type: "tool-call", toolCallId: "c", toolName: "lookup", input: "" },
          { type: "tool-call", toolCallId: "d", toolName: "export_customers", input: '{"all":true}' },
          { type: "tool-call", toolCallId: "e", toolName: "delete_account", input: "7" },
          { type: "tool-call", toolCallId: "f", toolName: "lookup", input: "7" },
          { type: "source", sourceType: "url", id: "s", url: "https://example.com" },
        ],
        { input: 120, output: 30 },
      ),
      offered,
    );
    expect(answer.text).toBe("Let me look.");
    expect(answer.usage).toEqual({ inputTokens: 120, outputTokens: 30 });
    expect(answer.calls).toEqual([
      { toolCallId: "a", toolName: "lookup", input: { domain: "acme.com" } },
      { toolCallId: "b", toolName: "lookup", input: "{not json" },
      { toolCallId: "c", toolName: "lookup", input: {} },
      { toolCallId: "d", toolName: "export_customers", input: { all: true } },
      { toolCallId: "e", toolName: "delete_account", input: 7 },
      { toolCallId: "f", toolName: "lookup", input: 7 },
    ]);
    expect(answer.message).toEqual({
      role: "assistant",
      content: [
        { type: "reasoning", text: "think", providerOptions: { anthropic: { signature: "sig" } } },
        { type: "text", text: "Let me " },
        { type: "text", text: "look." },
        {
          type: "tool-call",
          toolCallId: "a",
          toolName: "lookup",
          input: { domain: "acme.com" },
          providerOptions: { openai: { itemId: "fc_1" } },
        },
        // Input the provider could not send back as arguments is kept as {} (the gate got the raw text).
        { type: "tool-call", toolCallId: "b", toolName: "lookup", input: {} },
        { type: "tool-call", toolCallId: "c", toolName: "lookup", input: {} },
        { type: "tool-call", toolCallId: "d", toolName: "export_customers", input: { all: true } },
        { type: "tool-call", toolCallId: "e", toolName: "delete_account", input: {} },
        { type: "tool-call", toolCallId: "f", toolName: "lookup", input: 7 },
      ],
    });
  });

  it("counts unreported usage as 0, keeps files as base64, and has no message for an empty answer", () => {
    expect(readModelAnswer(answerOf([]), offered)).toEqual({
      text: "",
      calls: [],
      message: null,
      usage: { inputTokens: 0, outputTokens: 0 },
    });
    expect(
      readModelAnswer(
        answerOf([{ type: "file", mediaType: "image/png", data: new Uint8Array([1, 2, 3]) }], { output: 4 }),
        offered,
      ),
    ).toEqual({
      text: "",
      calls: [],
      message: { role: "assistant", content: [{ type: "file", mediaType: "image/png", data: "AQID" }] },
      usage: { inputTokens: 0, outputTokens: 4 },
    });
  });
});
