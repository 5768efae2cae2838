import { APICallError } from "@ai-sdk/provider";
import { RetryError } from "ai";
import { describe, expect, it } from "vitest";
import { ModelRetryError, withRetries } from "./model-retry.js";

function apiError(statusCode: number, headers?: Record<string, string>): APICallError {
  return new APICallError({
    message: `HTTP ${statusCode}`,
    url: "http://127.0.0.1/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    ...(headers === undefined ? {} : { responseHeaders: headers }),
  });
}

/** A call that fails with `errors` in turn, then answers "ok"; counts its attempts. */
function failing(...errors: unknown[]) {
  const state = { attempts: 0 };
  const attempt = async () => {
    const error = errors[state.attempts++];
    if (error !== undefined) throw error;
    return "ok";
  };
  return { state, attempt };
}

/** Records the waits instead of waiting. */
function recorder() {
  const waits: number[] = [];
  return { waits, wait: async (ms: number) => void waits.push(ms) };
}

describe("withRetries", () => {
  it("retries a retryable error maxRetries times, waiting 2 s then 4 s, then throws the AI SDK's RetryError", async () => {
    const { state, attempt } = failing(apiError(429), apiError(500), apiError(503));
    const { waits, wait } = recorder();
    const error = await withRetries(attempt, { maxRetries: 2, wait }).catch((e: unknown) => e);
    expect(state.attempts).toBe(3);
    expect(waits).toEqual([2000, 4000]);
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
    const { state, attempt } = failing(apiError(429), gateway);
    const { waits, wait } = recorder();
    expect(await withRetries(attempt, { maxRetries: 2, wait })).toBe("ok");
    expect(state.attempts).toBe(3);
    expect(waits).toEqual([2000, 4000]);
  });

  it("waits what the server asks in retry-after-ms or retry-after, unless a minute or more", async () => {
    const { attempt } = failing(
      apiError(429, { "retry-after-ms": "250" }),
      apiError(429, { "retry-after": "1.5" }),
      apiError(429, { "retry-after": "120" }),
      apiError(429, { "retry-after": "soon" }),
    );
    const { waits, wait } = recorder();
    expect(await withRetries(attempt, { maxRetries: 4, wait })).toBe("ok");
    expect(waits).toEqual([250, 1500, 8000, 16000]);
  });

  it("throws a non-retryable error at once, or as a RetryError after a retry", async () => {
    const first = failing(apiError(400));
    const { waits, wait } = recorder();
    await expect(withRetries(first.attempt, { maxRetries: 2, wait })).rejects.toThrow("HTTP 400");
    expect(first.state.attempts).toBe(1);
    const plain = failing(new Error("bug"));
    await expect(withRetries(plain.attempt, { maxRetries: 2, wait })).rejects.toThrow(/^bug$/);
    expect(plain.state.attempts).toBe(1);
    const later = failing(apiError(500), apiError(401));
    await expect(withRetries(later.attempt, { maxRetries: 2, wait })).rejects.toThrow(
      "Failed after 2 attempts with non-retryable error: 'HTTP 401'",
    );
    expect(later.state.attempts).toBe(2);
    expect(waits).toEqual([2000]);
  });

  it("with maxRetries 0, throws the first error as is", async () => {
    const { state, attempt } = failing(apiError(429));
    await expect(withRetries(attempt, { maxRetries: 0 })).rejects.toThrow(/^HTTP 429$/);
    expect(state.attempts).toBe(1);
    await expect(withRetries(attempt, { maxRetries: -1 })).rejects.toThrow(
      "maxRetries must be a non-negative integer, got -1",
    );
  });

  it("stops waiting when the run is aborted, and never retries an abort", async () => {
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
