import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leanFetch } from "./lean-fetch.js";

/** A loopback server whose answer each test picks by path. */
const routes: Record<string, (req: IncomingMessage, body: string, res: ServerResponse) => void> = {
  "/echo": (req, body, res) => {
    res.setHeader("set-cookie", ["a=1", "b=2"]);
    res.writeHead(201, { "content-type": "application/json", "x-seen-method": req.method ?? "" });
    res.end(
      JSON.stringify({
        body,
        auth: req.headers.authorization,
        encoding: req.headers["accept-encoding"] ?? null,
        accept: req.headers.accept,
      }),
    );
  },
  "/empty": (req, _body, res) => {
    res.writeHead(204, { "x-seen": `${req.headers["x-a"]} ${req.headers.accept}` });
    res.end();
  },
  "/moved": (_req, _body, res) => {
    res.writeHead(307, { location: "/echo" });
    res.end();
  },
  "/gzip": (_req, _body, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    res.end(gzipSync(JSON.stringify({ ok: true })));
  },
  "/slow": (_req, _body, res) => {
    setTimeout(() => res.end("late"), 2000).unref();
  },
  "/error": (_req, _body, res) => {
    res.writeHead(429, { "retry-after": "1" });
    res.end('{"error":"slow down"}');
  },
};
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => {
    body += String(chunk);
  });
  req.on("end", () => routes[req.url ?? ""]?.(req, body, res));
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const lean = leanFetch(request);

describe("leanFetch", () => {
  it("answers as fetch does: status, every header, the body as text and JSON", async () => {
    const response = await lean(`${base}/echo`, {
      method: "POST",
      headers: new Headers({ authorization: "Bearer k", "content-type": "application/json" }),
      body: '{"q":1}',
    });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get("x-seen-method")).toBe("POST");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await response.json()).toEqual({
      body: '{"q":1}',
      auth: "Bearer k",
      encoding: null,
      accept: "*/*",
    });
  });

  it("takes a record of headers, and an answer without a body", async () => {
    const response = await lean(new URL(`${base}/empty`), {
      method: "GET",
      headers: { "X-A": "1", Accept: "text/plain" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("x-seen")).toBe("1 text/plain");
    expect(response.body).toBeNull();
  });

  it("follows a redirect (through the global fetch), and decodes a compressed body", async () => {
    const moved = await lean(`${base}/moved`, { method: "POST", body: "again" });
    expect(moved.status).toBe(201);
    expect(((await moved.json()) as { body: string }).body).toBe("again");
    const zipped = await lean(`${base}/gzip`);
    expect(zipped.headers.get("content-encoding")).toBeNull();
    expect(await zipped.json()).toEqual({ ok: true });
  });

  it("hands an error status over as a response, for the provider to read", async () => {
    const response = await lean(`${base}/error`, { method: "POST", body: "{}" });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.text()).toBe('{"error":"slow down"}');
  });

  it("rejects with the signal's reason when aborted, and as fetch does when nothing answers", async () => {
    const controller = new AbortController();
    const pending = lean(`${base}/slow`, { signal: controller.signal });
    const reason = new DOMException("time limit of 50 ms reached", "TimeoutError");
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
    await expect(lean(`${base}/echo`, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const refused = await lean("http://127.0.0.1:1/x").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError).message).toBe("fetch failed");
    expect(((refused as TypeError).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });
});

describe("the providers of resolveModel over leanFetch", () => {
  it("talk to an OpenAI-compatible server, and call a refused connection a retryable API error", async () => {
    const { resolveModel } = await import("./resolve-model.js");
    routes["/v1/chat/completions"] = (_req, body, res) => {
      const asked = JSON.parse(body) as { model: string };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "c1",
          created: 0,
          model: asked.model,
          choices: [{ index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" }],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
        }),
      );
    };
    const prompt = [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }];
    const { model } = await resolveModel(`openai-compatible:${base}/v1#m1`, { env: {} });
    const answer = await model.doGenerate({ prompt });
    expect(answer.content).toEqual([{ type: "text", text: "hello" }]);
    expect(answer.usage.inputTokens.total).toBe(3);

    const { model: nowhere } = await resolveModel("openai-compatible:http://127.0.0.1:1/v1#m1", { env: {} });
    const error = await Promise.resolve(nowhere.doGenerate({ prompt })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AI_APICallError", isRetryable: true });
    expect((error as Error).message).toContain("Cannot connect to API");
  });
});
