import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type LoopMessage, toProviderPrompt } from "./model-prompt.js";

describe("toProviderPrompt", () => {
  it("puts the system prompt first and converts each message as the provider takes it", () => {
    const messages: LoopMessage[] = [
      { role: "user", content: "Input:\n{}" },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "hm", providerOptions: { anthropic: { signature: "s" } } },
          { type: "text", text: "" },
          { type: "text", text: "", providerOptions: { openai: { itemId: "t" } } },
          { type: "text", text: "Looking." },
          { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: { domain: "acme.com" } },
          { type: "tool-call", toolCallId: "c2", toolName: "reins_decide", input: {} },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c1",
            toolName: "lookup",
            output: { type: "json", value: { status: "ok", output: 1 } },
          },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c2",
            toolName: "reins_decide",
            output: { type: "error-text", value: "Ignored." },
          },
        ],
      },
      { role: "user", content: "You must finish." },
    ];
    expect(toProviderPrompt("You are careful.", messages)).toEqual([
      { role: "system", content: "You are careful." },
      { role: "user", content: [{ type: "text", text: "Input:\n{}" }] },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "hm", providerOptions: { anthropic: { signature: "s" } } },
          { type: "text", text: "", providerOptions: { openai: { itemId: "t" } } },
          { type: "text", text: "Looking." },
          { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: { domain: "acme.com" } },
          { type: "tool-call", toolCallId: "c2", toolName: "reins_decide", input: {} },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c1",
            toolName: "lookup",
            output: { type: "json", value: { status: "ok", output: 1 } },
          },
          {
            type: "tool-result",
            toolCallId: "c2",
            toolName: "reins_decide",
            output: { type: "error-text", value: "Ignored." },
          },
        ],
      },
      { role: "user", content: [{ type: "text", text: "You must finish." }] },
    ]);
    // The saved conversation is left as it was.
    expect(messages[2]?.content).toHaveLength(1);
  });

  it("builds, from a checkpoint the generateText loop saved, the very prompt generateText sent", () => {
    const saved = JSON.parse(
      readFileSync(new URL("./__fixtures__/generate-text-conversation.json", import.meta.url), "utf8"),
    ) as { messages: LoopMessage[]; prompt: unknown[] };
    const prompt = toProviderPrompt("S", saved.messages);
    expect(prompt[0]).toEqual({ role: "system", content: "S" });
    expect(JSON.parse(JSON.stringify(prompt.slice(1)))).toEqual(saved.prompt);
  });
});
