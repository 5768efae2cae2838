import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type FakeReply, type RenderedReply, renderReply } from "./fake-reply.js";

/** Options of {@link startFakeOpenAIServer}. */
export interface FakeOpenAIServerOptions {
  /** Replies to chat completion requests, consumed in order of arrival. */
  replies?: FakeReply[];
  /** Computes the reply once `replies` are used up; without it, an exhausted script answers HTTP 500. */
  handler?: (request: FakeRequest) => FakeReply | Promise<FakeReply>;
  /** Delay before each answer, in milliseconds. */
  latencyMs?: number;
  /** Interface to bind; only loopback is allowed. */
  host?: "127.0.0.1";
}

/** The recorded headers of a request (only these, and only when sent). */
export interface FakeRequestHeaders {
  authorization?: string;
  "content-type"?: string;
  accept?: string;
}

/** A request as the fake server parsed it. */
export interface FakeRequest {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Path with query, e.g. `/v1/chat/completions`. */
  path: string;
  /** A subset of the request headers. */
  headers: FakeRequestHeaders;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** Whether the body asked for a stream (`stream: true`). */
  stream: boolean;
}

/** A request and what the server answered. */
export interface FakeRequestRecord extends FakeRequest {
  /** HTTP status of the answer. */
  status: number;
  /** True when the answer was the 500 for a script that ran out of replies. */
  scriptExhausted: boolean;
}

/** A running fake OpenAI server. */
export interface FakeOpenAIServer {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  /** Every request received, in the order the server decided its answer. */
  requests: FakeRequestRecord[];
  /** Replies not yet consumed. */
  remaining(): number;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const headerNames = ["authorization", "content-type", "accept"] as const;

function pickHeaders(request: IncomingMessage): FakeRequestHeaders {
  const headers: FakeRequestHeaders = {};
  for (const name of headerNames) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  return headers;
}

function errorReply(status: number, message: string, code: string): RenderedReply {
  const body = { error: { message, type: "fake_server_error", param: null, code } };
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

const modelList = JSON.stringify({
  object: "list",
  data: [{ id: "fake-model", object: "model", created: 0, owned_by: "reins" }],
});

/**
 * Starts a real HTTP server on 127.0.0.1 (a free port) that speaks the OpenAI Chat Completions API:
 * `POST /v1/chat/completions` (JSON, or SSE with `stream: true`) and `GET /v1/models`. It answers with
 * scripted replies in order, records every request, answers 400 to a body that is not JSON, and 500
 * once the script runs out.
 */
export async function startFakeOpenAIServer(
  options: FakeOpenAIServerOptions = {},
): Promise<FakeOpenAIServer> {
  const replies = [...(options.replies ?? [])];
  const requests: FakeRequestRecord[] = [];
  const latencyMs = options.latencyMs ?? 0;
  let consumed = 0;
  let served = 0;

  async function chatReply(request: FakeRequest, rawLength: number): Promise<RenderedReply> {
    const scripted = replies[consumed];
    if (scripted !== undefined) consumed++;
    let reply: FakeReply | undefined = scripted;
    if (reply === undefined && options.handler !== undefined) {
      try {
        reply = await options.handler(request);
      } catch (error) {
        requests.push({ ...request, status: 500, scriptExhausted: false });
        return errorReply(500, `fake OpenAI server: the handler failed: ${String(error)}`, "handler_failed");
      }
    }
    if (reply === undefined) {
      const message = `fake OpenAI server: the script ran out of replies (${replies.length} scripted, request ${requests.length + 1})`;
      requests.push({ ...request, status: 500, scriptExhausted: true });
      return errorReply(500, message, "script_exhausted");
    }
    const body = request.body as { model?: unknown };
    const model = typeof body.model === "string" ? body.model : "fake-model";
    const rendered = renderReply(
      reply,
      { replyIndex: served++, model, requestChars: rawLength },
      request.stream,
    );
    requests.push({ ...request, status: rendered.status, scriptExhausted: false });
    return rendered;
  }

  async function answer(incoming: IncomingMessage): Promise<RenderedReply> {
    const raw = await readBody(incoming);
    const method = incoming.method ?? "GET";
    const path = incoming.url ?? "/";
    const pathname = path.split("?")[0];
    const base = { method, path, headers: pickHeaders(incoming), stream: false };
    if (method === "GET" && pathname === "/v1/models") {
      requests.push({ ...base, body: undefined, status: 200, scriptExhausted: false });
      return { status: 200, headers: { "content-type": "application/json" }, body: modelList };
    }
    if (method !== "POST" || pathname !== "/v1/chat/completions") {
      requests.push({ ...base, body: raw === "" ? undefined : raw, status: 404, scriptExhausted: false });
      return errorReply(404, `fake OpenAI server: no route for ${method} ${pathname}`, "not_found");
    }
    const parsed = parseJson(raw);
    if (
      !parsed.ok ||
      typeof parsed.value !== "object" ||
      parsed.value === null ||
      Array.isArray(parsed.value)
    ) {
      requests.push({ ...base, body: raw, status: 400, scriptExhausted: false });
      return errorReply(400, "fake OpenAI server: the request body is not a JSON object", "invalid_json");
    }
    const stream = (parsed.value as { stream?: unknown }).stream === true;
    return chatReply({ ...base, body: parsed.value, stream }, raw.length);
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    let reply: RenderedReply;
    try {
      reply = await answer(incoming);
    } catch (error) {
      reply = errorReply(500, `fake OpenAI server: ${String(error)}`, "server_error");
    }
    if (latencyMs > 0) await sleep(latencyMs);
    response.writeHead(reply.status, reply.headers);
    response.end(reply.body);
  }

  const server = createServer((incoming, response) => void handle(incoming, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    remaining: () => replies.length - consumed,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
