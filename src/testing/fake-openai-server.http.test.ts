import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "./fake-openai-server.js";

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function chat(url: string, body: string): Promise<Response> {
  return fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe("fake OpenAI server over plain HTTP", () => {
  it("answers 400 to a body that is not JSON, and records the raw text", async () => {
    server = await startFakeOpenAIServer({ replies: [{ content: "unused" }] });
    const response = await chat(server.url, "{not json");
    expect([response.status, await response.json()]).toEqual([
      400,
      {
        error: {
          message: "fake OpenAI server: the request body is not a JSON object",
          type: "fake_server_error",
          param: null,
          code: "invalid_json",
        },
      },
    ]);
    expect(server.requests.map(({ body, status }) => ({ body, status }))).toEqual([
      { body: "{not json", status: 400 },
    ]);
    expect(server.remaining()).toBe(1);
  });

  it("lists a model on GET /v1/models and answers 404 elsewhere", async () => {
    server = await startFakeOpenAIServer();
    const models = await fetch(`${server.url}/models`);
    expect([models.status, await models.json()]).toEqual([
      200,
      { object: "list", data: [{ id: "fake-model", object: "model", created: 0, owned_by: "reins" }] },
    ]);
    const missing = await fetch(`${server.url}/embeddings`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    expect(server.requests.map(({ method, path, status }) => [method, path, status])).toEqual([
      ["GET", "/v1/models", 200],
      ["POST", "/v1/embeddings", 404],
    ]);
  });

  it("renders a non-streaming tool-call completion in the OpenAI shape", async () => {
    server = await startFakeOpenAIServer({
      replies: [{ toolCalls: [{ name: "f", arguments: "{bad", id: "c1" }] }],
    });
    const response = await chat(server.url, JSON.stringify({ model: "m", messages: [] }));
    const body = (await response.json()) as { created: number };
    expect(body).toEqual({
      id: "chatcmpl-fake-0",
      object: "chat.completion",
      created: body.created,
      model: "m",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{bad" } }],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      // {"model":"m","messages":[]} is 27 characters, {"name":"f","arguments":"{bad"} is 31: both / 4, rounded up.
      usage: { prompt_tokens: 7, completion_tokens: 8, total_tokens: 15 },
    });
  });

  it("asks the handler once the replies are used up, and answers 500 when it throws", async () => {
    const seen: unknown[] = [];
    server = await startFakeOpenAIServer({
      replies: [{ content: "scripted" }],
      handler: (request) => {
        seen.push(request.body);
        if (seen.length > 1) throw new Error("no more");
        return { content: "computed" };
      },
    });
    const contents: unknown[] = [];
    for (const n of [1, 2, 3]) {
      const response = await chat(server.url, JSON.stringify({ model: "m", messages: [], n }));
      const body = (await response.json()) as { choices?: { message: { content: string } }[] };
      contents.push(response.status === 200 ? body.choices?.[0]?.message.content : response.status);
    }
    expect(contents).toEqual(["scripted", "computed", 500]);
    expect(seen).toEqual([
      { model: "m", messages: [], n: 2 },
      { model: "m", messages: [], n: 3 },
    ]);
  });

  it("gives each of 50 concurrent requests its own reply", async () => {
    const replies = Array.from({ length: 50 }, (_, i) => ({ content: `reply ${i}` }));
    server = await startFakeOpenAIServer({ replies, latencyMs: 5 });
    const url = server.url;
    const answers = await Promise.all(
      replies.map(async () => {
        const response = await chat(url, JSON.stringify({ model: "m", messages: [] }));
        const body = (await response.json()) as { choices: { message: { content: string } }[] };
        return body.choices[0]?.message.content;
      }),
    );
    expect(new Set(answers).size).toBe(50);
    expect(server.remaining()).toBe(0);
    expect(server.requests.every((request) => request.status === 200)).toBe(true);
  });

  it("waits latencyMs before answering", async () => {
    server = await startFakeOpenAIServer({ replies: [{ content: "late" }], latencyMs: 60 });
    const started = performance.now();
    await (await chat(server.url, JSON.stringify({ model: "m", messages: [] }))).json();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("binds to 127.0.0.1 only", async () => {
    server = await startFakeOpenAIServer();
    const port = Number(new URL(server.url).port);
    expect(server.url).toBe(`http://127.0.0.1:${port}/v1`);
    expect(await canConnect("127.0.0.1", port)).toBe(true);
    expect(await canConnect("127.0.0.2", port)).toBe(false);
    expect(await canConnect("::1", port)).toBe(false);
  });
});
