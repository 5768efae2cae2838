import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { Dispatcher } from "undici";

/**
 * A `fetch` for the model providers Reins builds from a model spec (`resolveModel`), over undici's `request` instead
 * of the WHATWG fetch machinery, which builds web streams, a cloned request and transferable abort signals for each
 * call: with many requests in flight, their CPU is what bounds a latency-bound evaluation. The providers call it for `doGenerate`: the response's body is read whole, then handed over as
 * a `Response`. A redirect is left to the global fetch, which follows it; a network failure is the global fetch's
 * `TypeError("fetch failed")` with its cause, as the providers expect; an aborted request rejects with the signal's
 * reason. No `accept-encoding` is sent; a server that compresses anyway is decoded, as fetch would.
 */
export function leanFetch(
  request: (url: string, options: Dispatcher.RequestOptions | object) => Promise<Dispatcher.ResponseData>,
): typeof fetch {
  return async (input, init) => {
    if (typeof input !== "string" && !(input instanceof URL)) return fetch(input, init);
    const signal = init?.signal ?? undefined;
    signal?.throwIfAborted();
    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(String(input), {
        method: (init?.method ?? "GET") as Dispatcher.HttpMethod,
        // As fetch sends it when the caller does not.
        headers: { accept: "*/*", ...headerRecord(init?.headers) },
        body: (init?.body ?? null) as string | Uint8Array | null,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      signal?.throwIfAborted();
      throw new TypeError("fetch failed", { cause: error });
    }
    const { statusCode, headers } = answer;
    if (statusCode >= 300 && statusCode < 400 && headers.location !== undefined) {
      await answer.body.dump();
      return fetch(input, init);
    }
    let raw: Uint8Array;
    try {
      raw = new Uint8Array(await answer.body.arrayBuffer());
    } catch (error) {
      signal?.throwIfAborted();
      throw new TypeError("fetch failed", { cause: error });
    }
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(headers)) {
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    const encoding = responseHeaders.get("content-encoding");
    const decoded = encoding === null ? undefined : decode(raw, encoding);
    if (decoded !== undefined) {
      responseHeaders.delete("content-encoding");
      responseHeaders.delete("content-length");
    }
    const content = decoded ?? raw;
    // A status without a body (204, 304) takes none.
    const body = statusCode === 204 || statusCode === 304 || content.byteLength === 0 ? null : content;
    return new Response(body, { status: statusCode, headers: responseHeaders });
  };
}

/** A fetch `headers` init (a `Headers`, an array of pairs, or a record) as a record of lower-case names, as fetch sends them. */
function headerRecord(headers: RequestInit["headers"]): Record<string, string> {
  if (headers === undefined) return {};
  const pairs =
    headers instanceof Headers || Array.isArray(headers)
      ? [...headers]
      : Object.entries(headers as Record<string, string>);
  return Object.fromEntries(pairs.map(([name, value]) => [String(name).toLowerCase(), String(value)]));
}

/** A body in a `content-encoding` fetch decodes (gzip, deflate, br), or undefined for one it does not know. */
function decode(bytes: Uint8Array, encoding: string): Uint8Array | undefined {
  switch (encoding.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return gunzipSync(bytes);
    case "deflate":
      return inflateSync(bytes);
    case "br":
      return brotliDecompressSync(bytes);
    case "identity":
      return bytes;
    default:
      return undefined;
  }
}
