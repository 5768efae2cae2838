import { APICallError } from "@ai-sdk/provider";
import { RetryError } from "ai";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isRetryable, ModelRetryError, retryDelayMs, withRetries } from "./model-retry.js";

function apiError(statusCode: number, headers?: Record<string, string>): APICallError {
  return new APICallError({
    message: `HTTP ${statusCode}`,
    url: "http://127.0.0.1/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    ...(headers === undefined ? {} : { responseHeaders: headers }),
  });
}

/** A call that fails with `errors` in turn, then answers "ok"; records when each attempt started. */
function failing(...errors: unknown[]) {
  const state = { attempts: 0, startedAt: [] as number[] };
  const attempt = async () => {
    state.startedAt.push(Date.now());
    const error = errors[state.attempts++];
    if (error !== undefined) throw error;
    return "ok";
  };
  /** The waits between attempts, in ms of the (fake) clock. */
  const waits = () => state.startedAt.slice(1).map((at, i) => at - (state.startedAt[i] as number));
  return { state, attempt, waits };
}

/**
 * Runs a retrying call to its end on fake timers: each pending wait fires at once and moves the clock by its length.
 * Real I/O (the lazy import of provider-utils) gets a turn between timers.
 */
async function settled<T>(promise: Promise<T>): Promise<T | unknown> {
  let done = false;
  const outcome = promise.then(
    (value) => value,
    (error: unknown) => error,
  );
  void outcome.finally(() => {
    done = true;
  });
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    vi.advanceTimersToNextTimer();
  }
  return outcome;
}

describe("withRetries", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("retries a retryable error maxRetries times, waiting 2 s then 4 s, then throws the AI SDK's RetryError", async () => {
    const { state, attempt, waits } = failing(apiError(429), apiError(500), apiError(503));
    const error = await settled(withRetries(attempt, { maxRetries: 2 }));
    expect(state.attempts).toBe(3);
    expect(waits()).toEqual([2000, 4000]);
    expect(error).toBeInstanceOf(ModelRetryError);
    // What callers of generateText checked still holds: the AI SDK recognizes it as its RetryError.
    expect(RetryError.isInstance(error)).toBe(true);
    expect((error as RetryError).name).toBe("AI_RetryError");
    expect((error as RetryError).lastError).toBe((error as RetryError).errors[2]);
    expect((error as RetryError).message).toBe("Failed after 3 attempts. Last error: HTTP 503");
    expect((error as RetryError).reason).toBe("maxRetriesExceeded");
    expect((error as RetryError).errors).toHaveLength(3);
  });

  it("answers once a retry succeeds; a gateway error marked retryable is retried too", async () => {
    const gateway = Object.assign(new Error("gateway busy"), {
      [Symbol.for("vercel.ai.gateway.error")]: true,
      isRetryable: true,
    });
    const { state, attempt, waits } = failing(apiError(429), gateway);
    expect(await settled(withRetries(attempt, { maxRetries: 2 }))).toBe("ok");
    expect(state.attempts).toBe(3);
    expect(waits()).toEqual([2000, 4000]);
  });

  it("waits what the server asks in retry-after-ms or retry-after, unless a minute or more", async () => {
    const { attempt, waits } = failing(
      apiError(429, { "retry-after-ms": "250" }),
      apiError(429, { "retry-after": "1.5" }),
      apiError(429, { "retry-after": "120" }),
      apiError(429, { "retry-after": "soon" }),
    );
    expect(await settled(withRetries(attempt, { maxRetries: 4 }))).toBe("ok");
    expect(waits()).toEqual([250, 1500, 8000, 16000]);
  });

  it("throws a non-retryable error at once, or as a RetryError after a retry", async () => {
    const first = failing(apiError(400));
    expect(await settled(withRetries(first.attempt, { maxRetries: 2 }))).toMatchObject({
      message: "HTTP 400",
    });
    expect(first.state.attempts).toBe(1);
    const plain = failing(new Error("bug"));
    expect(await settled(withRetries(plain.attempt, { maxRetries: 2 }))).toMatchObject({ message: "bug" });
    expect(plain.state.attempts).toBe(1);
    const later = failing(apiError(500), apiError(401));
    expect(await settled(withRetries(later.attempt, { maxRetries: 2 }))).toMatchObject({
      name: "AI_RetryError",
      reason: "errorNotRetryable",
      message: "Failed after 2 attempts with non-retryable error: 'HTTP 401'",
    });
    expect(later.state.attempts).toBe(2);
    expect(later.waits()).toEqual([2000]);
  });

  it("with maxRetries 0, throws the first error as is", async () => {
    const { state, attempt } = failing(apiError(429));
    await expect(withRetries(attempt, { maxRetries: 0 })).rejects.toThrow(/^HTTP 429$/);
    expect(state.attempts).toBe(1);
    await expect(withRetries(attempt, { maxRetries: -1 })).rejects.toThrow(
      "maxRetries must be a non-negative integer, got -1",
    );
    await expect(withRetries(attempt, { maxRetries: 1.5 })).rejects.toThrow(
      "maxRetries must be a non-negative integer, got 1.5",
    );
    expect(state.attempts).toBe(1);
  });

  it("stops waiting when the run is aborted, and never retries an abort", async () => {
    vi.useRealTimers();
    const controller = new AbortController();
    const { state, attempt } = failing(apiError(429), apiError(429));
    const waiting = withRetries(attempt, { maxRetries: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 0);
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(state.attempts).toBe(1);

    const aborted = new DOMException("The operation was aborted.", "AbortError");
    const abortedCall = failing(aborted);
    await expect(withRetries(abortedCall.attempt, { maxRetries: 2 })).rejects.toBe(aborted);
    expect(abortedCall.state.attempts).toBe(1);
  });
});

describe("isRetryable", () => {
  it("is true for API and gateway errors marked retryable, false for anything else", () => {
    const gateway = (retryable: boolean) =>
      Object.assign(new Error("gateway"), {
        [Symbol.for("vercel.ai.gateway.error")]: true,
        isRetryable: retryable,
      });
    expect(
      [apiError(429), apiError(503), apiError(400), gateway(true), gateway(false), new Error("x"), "429"].map(
        isRetryable,
      ),
    ).toEqual([true, true, false, true, false, false, false]);
  });
});

describe("retryDelayMs", () => {
  it("takes the header's wait under a minute or under the backoff, the backoff otherwise", () => {
    const delayFor = (headers: Record<string, string>, backoff = 2000) =>
      retryDelayMs(apiError(429, headers), backoff);
    expect(delayFor({ "retry-after-ms": "250", "retry-after": "9" })).toBe(250);
    expect(delayFor({ "retry-after-ms": "x", "retry-after": "9" })).toBe(9000);
    expect(delayFor({ "retry-after": "120" })).toBe(2000);
    expect(delayFor({ "retry-after": "120" }, 240_000)).toBe(120_000);
    expect(delayFor({ "retry-after": "-1" })).toBe(2000);
    expect(delayFor({ "retry-after": new Date(Date.now() + 600_000).toUTCString() })).toBe(2000);
    expect(delayFor({})).toBe(2000);
    expect(retryDelayMs(new Error("no headers"), 4000)).toBe(4000);
    expect(
      retryDelayMs(
        Object.assign(new Error("wrapped"), { cause: apiError(429, { "retry-after-ms": "5" }) }),
        4000,
      ),
    ).toBe(5);
  });
});
