import { AISDKError, APICallError } from "@ai-sdk/provider";

const retryErrorMarker = Symbol.for("vercel.ai.error.AI_RetryError");

/**
 * The AI SDK's `RetryError`, made here so that the runtime does not load the `ai` package for it: same name
 * (`AI_RetryError`), fields and marker, so `RetryError.isInstance()` from `ai` recognizes it.
 */
export class ModelRetryError extends AISDKError {
  /** The marker `RetryError.isInstance()` checks. */
  readonly [retryErrorMarker] = true;
  /** Why retrying stopped. */
  readonly reason: "maxRetriesExceeded" | "errorNotRetryable";
  /** Every attempt's error, in order. */
  readonly errors: unknown[];
  readonly lastError: unknown;

  constructor(options: { message: string; reason: ModelRetryError["reason"]; errors: unknown[] }) {
    super({ name: "AI_RetryError", message: options.message });
    this.reason = options.reason;
    this.errors = options.errors;
    this.lastError = options.errors.at(-1);
  }
}

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** Retries after the first attempt, on retryable errors only (a non-negative integer). */
  maxRetries: number;
  /** Aborts the wait between attempts. */
  signal?: AbortSignal;
}

/**
 * Calls `attempt` again on a retryable provider error (an `APICallError` or gateway error marked `isRetryable`:
 * 429, 5xx, a dropped connection), waiting 2 s, 4 s, … or what the response's `retry-after-ms` / `retry-after`
 * header asks, as `generateText` does. After `maxRetries` retries, or on a non-retryable error after a retry, it throws
 * a {@link ModelRetryError} (the AI SDK's `RetryError`: its message ends with the last error's); a first non-retryable
 * error or an abort is thrown as is.
 *
 * The loop, the backoff (provider-utils' defaults: 2 s, doubling) and the abortable wait are provider-utils'
 * `retryWithExponentialBackoff`; what `generateText` adds to it (which errors to retry, the headers' delay, the
 * `RetryError`, the check of `maxRetries`) is in `ai` but not exported, so it is here.
 */
export async function withRetries<T>(attempt: () => PromiseLike<T>, options: RetryOptions): Promise<T> {
  return createModelRetry(options.maxRetries).run(attempt, options.signal);
}

/** Retries of one agent's model requests, as {@link withRetries} does them. */
export interface ModelRetry {
  run<T>(attempt: () => PromiseLike<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * The retries of one model agent (`modelAgent` makes it, and the model loop uses it for every request). It imports
 * provider-utils on its first request, once: not at start-up (its one entry point also loads zod/v3 and an SSE
 * parser), and not again per request or per run (each `import()` is a round trip through the module loader).
 */
export function createModelRetry(maxRetries: number): ModelRetry {
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    throw new TypeError(`maxRetries must be a non-negative integer, got ${maxRetries}`);
  let providerUtils: Promise<typeof import("@ai-sdk/provider-utils")> | undefined;
  return {
    async run(attempt, signal) {
      providerUtils ??= import("@ai-sdk/provider-utils");
      const { retryWithExponentialBackoff } = await providerUtils;
      const retry = retryWithExponentialBackoff({
        maxRetries,
        abortSignal: signal,
        shouldRetry: isRetryable,
        getDelayInMs: ({ error, exponentialBackoffDelay }) => retryDelayMs(error, exponentialBackoffDelay),
        createRetryError: (failure) => new ModelRetryError(failure),
      });
      return retry(attempt);
    },
  };
}

const gatewayErrorMarker = Symbol.for("vercel.ai.gateway.error");

/** `ai`'s test of a retryable error; the gateway's is checked by its marker, so that `@ai-sdk/gateway` stays unloaded. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const gatewayError = (error as { [gatewayErrorMarker]?: unknown })[gatewayErrorMarker] === true;
  return (APICallError.isInstance(error) || gatewayError) && (error as APICallError).isRetryable === true;
}

/**
 * The wait before the next attempt: what the server asked for (`retry-after-ms`, then `retry-after` in seconds or as
 * a date) when it is under a minute or under `backoff`, else `backoff` (as `ai` decides it).
 */
export function retryDelayMs(error: unknown, backoff: number): number {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const headers = APICallError.isInstance(error)
    ? error.responseHeaders
    : APICallError.isInstance(cause)
      ? cause.responseHeaders
      : undefined;
  if (!headers) return backoff;
  let ms: number | undefined;
  const retryAfterMs = headers["retry-after-ms"];
  if (retryAfterMs) {
    const value = Number.parseFloat(retryAfterMs);
    if (!Number.isNaN(value)) ms = value;
  }
  const retryAfter = headers["retry-after"];
  if (retryAfter && ms === undefined) {
    const seconds = Number.parseFloat(retryAfter);
    ms = Number.isNaN(seconds) ? Date.parse(retryAfter) - Date.now() : seconds * 1000;
  }
  if (ms !== undefined && !Number.isNaN(ms) && ms >= 0 && (ms < 60_000 || ms < backoff)) return ms;
  return backoff;
}
