import { APICallError, generateText, streamText, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { resolveModel } from "../model/resolve-model.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "./fake-openai-server.js";
import type { FakeReply } from "./fake-reply.js";

const tools = {
  lookup_order: tool({ description: "Look up an order", inputSchema: z.object({ id: z.number() }) }),
};

const lookupSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: { id: { type: "number" } },
  required: ["id"],
  additionalProperties: false,
};

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(replies: FakeReply[]) {
  server = await startFakeOpenAIServer({ replies });
  const { model } = await resolveModel(`openai-compatible:${server.url}#fake-model`, {
    env: { OPENAI_COMPATIBLE_API_KEY: "test-key" },
  });
  return { server, model };
}

async function apiError(promise: Promise<unknown>): Promise<APICallError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!APICallError.isInstance(error)) throw new Error(`expected an APICallError, got ${String(error)}`);
  return error;
}

describe("fake OpenAI server through the openai-compatible provider", () => {
  it("returns a tool call with parsed input and records the request with its tool definitions", async () => {
    const { server, model } = await start([{ toolCalls: [{ name: "lookup_order", arguments: { id: 7 } }] }]);
    const result = await generateText({ model, tools, prompt: "Where is order 7?" });

    expect(
      result.toolCalls.map(({ toolCallId, toolName, input }) => ({ toolCallId, toolName, input })),
    ).toEqual([{ toolCallId: "call-0-0", toolName: "lookup_order", input: { id: 7 } }]);
    expect(result.finishReason).toBe("tool-calls");
    expect(server.requests).toEqual([
      {
        method: "POST",
        path: "/v1/chat/completions",
        headers: { authorization: "Bearer test-key", "content-type": "application/json", accept: "*/*" },
        stream: false,
        body: {
          model: "fake-model",
          messages: [{ role: "user", content: "Where is order 7?" }],
          tools: [
            {
              type: "function",
              function: { name: "lookup_order", description: "Look up an order", parameters: lookupSchema },
            },
          ],
          tool_choice: "auto",
        },
        status: 200,
        scriptExhausted: false,
      },
    ]);
    // Usage: the request body's characters / 4 in; {"name":"lookup_order","arguments":"{\"id\":7}"} (47) / 4 out.
    const requestChars = JSON.stringify(server.requests[0]?.body).length;
    expect([result.usage.inputTokens, result.usage.outputTokens]).toEqual([Math.ceil(requestChars / 4), 12]);
    expect(server.remaining()).toBe(0);
  });

  it("returns a content reply as text", async () => {
    const { model } = await start([{ content: "Order 7 shipped." }]);
    const result = await generateText({ model, prompt: "Where is order 7?" });
    expect([result.text, result.finishReason, result.toolCalls]).toEqual(["Order 7 shipped.", "stop", []]);
  });

  it("surfaces a 429 reply as a retryable API error", async () => {
    const { model } = await start([
      { status: 429, body: { error: { message: "Rate limit reached", type: "rate_limit_exceeded" } } },
    ]);
    const error = await apiError(generateText({ model, prompt: "hi", maxRetries: 0 }));
    expect([error.statusCode, error.message, error.isRetryable]).toEqual([429, "Rate limit reached", true]);
  });

  it("answers 500 once the replies run out, and records that", async () => {
    const { server, model } = await start([{ content: "only one" }]);
    await generateText({ model, prompt: "first" });
    const error = await apiError(generateText({ model, prompt: "second", maxRetries: 0 }));
    expect([error.statusCode, error.message]).toEqual([
      500,
      "fake OpenAI server: the script ran out of replies (1 scripted, request 2)",
    ]);
    expect(server.requests.map((request) => [request.status, request.scriptExhausted])).toEqual([
      [200, false],
      [500, true],
    ]);
  });
});

describe("fake OpenAI server streaming", () => {
  it("streams a tool call and then text through streamText", async () => {
    const { server, model } = await start([
      { toolCalls: [{ name: "lookup_order", arguments: { id: 7 }, id: "call_abc" }] },
      { content: "Order 7 has shipped." },
    ]);
    const first = streamText({ model, tools, prompt: "Where is order 7?" });
    expect(
      (await first.toolCalls).map(({ toolCallId, toolName, input }) => ({ toolCallId, toolName, input })),
    ).toEqual([{ toolCallId: "call_abc", toolName: "lookup_order", input: { id: 7 } }]);
    expect(await first.finishReason).toBe("tool-calls");

    const second = streamText({ model, prompt: "And now?" });
    const deltas: string[] = [];
    for await (const delta of second.textStream) deltas.push(delta);
    expect(deltas).toEqual(["Order ", "7 ", "has ", "shipped."]);
    expect((await second.usage).outputTokens).toBe(5);
    expect(
      server.requests.map((request) => [request.stream, (request.body as { stream?: boolean }).stream]),
    ).toEqual([
      [true, true],
      [true, true],
    ]);
  });
});

describe("fake OpenAI server through the openai provider's chat model", () => {
  it("serves the same replies to openai:<id> pointed at it with OPENAI_BASE_URL", async () => {
    server = await startFakeOpenAIServer({
      replies: [
        { toolCalls: [{ name: "lookup_order", arguments: { id: 3 } }] },
        { content: "Streamed reply" },
      ],
    });
    const { model } = await resolveModel("openai:gpt-4.1-mini", {
      env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: server.url },
    });
    const calls = (await generateText({ model, tools, prompt: "Order 3?" })).toolCalls;
    expect(calls.map(({ toolName, input }) => ({ toolName, input }))).toEqual([
      { toolName: "lookup_order", input: { id: 3 } },
    ]);
    const streamed = streamText({ model, prompt: "Say something" });
    expect(await streamed.text).toBe("Streamed reply");
    expect(server.requests.map((request) => [request.headers.authorization, request.stream])).toEqual([
      ["Bearer sk-test", false],
      ["Bearer sk-test", true],
    ]);
  });
});
