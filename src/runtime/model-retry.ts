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
  /** Waits `ms` or rejects with an `AbortError` when `signal` aborts; injectable for tests. */
  wait?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** The first wait; each next one doubles (the AI SDK's defaults). */
const initialDelayMs = 2000;
const backoffFactor = 2;

/**
 * Calls `attempt` again on a retryable provider error (an `APICallError` or gateway error marked `isRetryable`:
 * 429, 5xx, a dropped connection), waiting 2 s, 4 s, … or what the response's `retry-after-ms` / `retry-after`
 * header asks, as `generateText` did. After `maxRetries` retries, or on a non-retryable error after a retry, it throws
 * a {@link ModelRetryError} (the AI SDK's `RetryError`: its message ends with the last error's); a first non-retryable
 * error or an abort is thrown as is.
 */
export async function withRetries<T>(attempt: () => PromiseLike<T>, options: RetryOptions): Promise<T> {
  const { maxRetries, signal } = options;
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    throw new TypeError(`maxRetries must be a non-negative integer, got ${maxRetries}`);
  const wait = options.wait ?? delay;
  const errors: unknown[] = [];
  let backoff = initialDelayMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (isAbortError(error) || maxRetries === 0) throw error;
      errors.push(error);
      const tries = errors.length;
      if (tries > maxRetries)
        throw new ModelRetryError({
          message: `Failed after ${tries} attempts. Last error: ${messageOf(error)}`,
          reason: "maxRetriesExceeded",
          errors,
        });
      if (!isRetryable(error)) {
        if (tries === 1) throw error;
        throw new ModelRetryError({
          message: `Failed after ${tries} attempts with non-retryable error: '${messageOf(error)}'`,
          reason: "errorNotRetryable",
          errors,
        });
      }
      await wait(retryDelayMs(error, backoff), signal);
      backoff *= backoffFactor;
    }
  }
}

const gatewayErrorMarker = Symbol.for("vercel.ai.gateway.error");

function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const gatewayError = (error as { [gatewayErrorMarker]?: unknown })[gatewayErrorMarker] === true;
  return (APICallError.isInstance(error) || gatewayError) && (error as APICallError).isRetryable === true;
}

function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "AbortError" || error.name === "ResponseAborted" || error.name === "TimeoutError")
  );
}

function messageOf(error: unknown): string {
  if (error == null) return "unknown error";
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  return JSON.stringify(error);
}

/** The wait the server asked for (`retry-after-ms`, then `retry-after` in seconds or as a date) when sensible. */
function retryDelayMs(error: unknown, backoff: number): number {
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

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => new DOMException("Delay was aborted", "AbortError");
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
