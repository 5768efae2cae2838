import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { makeCharter, runCrm, useTestStore } from "./__fixtures__/crm-workflow.js";
import { functionAgent, modelAgent } from "./agent.js";

const t = useTestStore();

/** A model whose every request runs `answer`; records each request's start. */
function fakeModel(answer: (options: LanguageModelV3CallOptions) => Promise<never>) {
  const starts: number[] = [];
  const model: LanguageModelV3 = {
    specificationVersion: "v3",
    provider: "fake",
    modelId: "hangs",
    supportedUrls: {},
    doGenerate: (options) => {
      starts.push(performance.now());
      return answer(options);
    },
    doStream: () => Promise.reject(new Error("not streamed")),
  };
  return { model, starts };
}

/** Rejects like fetch when the request's signal aborts. */
function untilAborted(options: LanguageModelV3CallOptions): Promise<never> {
  return new Promise((_, reject) =>
    options.abortSignal?.addEventListener("abort", () =>
      reject(new DOMException("This operation was aborted", "AbortError")),
    ),
  );
}

const limits = (more: Record<string, number>) => ({ limits: { maxToolCalls: 10, maxSteps: 8, ...more } });

describe("limits.modelTimeoutMs", () => {
  it("ends a run whose model never answers (and ignores its signal) with REINS_MODEL_TIMEOUT", async () => {
    const { model } = fakeModel(() => new Promise<never>(() => {}));
    const started = performance.now();
    const result = await runCrm(t, modelAgent(model), {
      charter: makeCharter(limits({ modelTimeoutMs: 150 })),
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.status).toBe("failed");
    expect(result.outcome).toEqual({
      type: "error",
      code: ErrorCode.ModelTimeout,
      message: "the model fake:hangs did not answer within 150 ms (limits.modelTimeoutMs), retries included",
    });
  });

  it("aborts the request's signal, and retries do not start a new budget", async () => {
    const { model, starts } = fakeModel(untilAborted);
    const result = await runCrm(t, modelAgent(model, { maxRetries: 2 }), {
      charter: makeCharter(limits({ modelTimeoutMs: 100 })),
    });
    expect(result.outcome).toMatchObject({ type: "error", code: ErrorCode.ModelTimeout });
    expect(starts).toHaveLength(1);
  });

  it("cuts a retry-after wait short at the model's budget", async () => {
    const rateLimited = new APICallError({
      message: "HTTP 429",
      url: "http://127.0.0.1/v1/chat/completions",
      requestBodyValues: {},
      statusCode: 429,
      responseHeaders: { "retry-after": "59" },
    });
    const { model, starts } = fakeModel(() => Promise.reject(rateLimited));
    const started = performance.now();
    const result = await runCrm(t, modelAgent(model), {
      charter: makeCharter(limits({ modelTimeoutMs: 200 })),
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.outcome).toMatchObject({ type: "error", code: ErrorCode.ModelTimeout });
    expect(starts).toHaveLength(1);
  });
});

describe("limits.runTimeoutMs", () => {
  it("ends a run whose function agent never resolves with REINS_RUN_TIMEOUT", async () => {
    const agent = functionAgent("stuck", () => new Promise<never>(() => {}));
    const started = performance.now();
    const result = await runCrm(t, agent, { charter: makeCharter(limits({ runTimeoutMs: 150 })) });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.status).toBe("failed");
    expect(result.outcome).toEqual({
      type: "error",
      code: ErrorCode.RunTimeout,
      message: "the run did not end within 150 ms (limits.runTimeoutMs); its signal was aborted",
    });
    expect((await t.store.runs.get(result.runId))?.status).toBe("failed");
  });

  it("aborts the run's signal, and refuses the calls agent code makes after it", async () => {
    let late: unknown;
    let seenAbort = false;
    const agent = functionAgent("late", async ({ signal, call }) => {
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      seenAbort = true;
      try {
        await call("lookup", { domain: "acme.com" });
      } catch (error) {
        late = error;
      }
      return { type: "decision", decision: { decision: "qualified", confidence: 0.9 } };
    });
    const result = await runCrm(t, agent, { charter: makeCharter(limits({ runTimeoutMs: 100 })) });
    expect(result.outcome).toMatchObject({ type: "error", code: ErrorCode.RunTimeout });
    expect(seenAbort).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(late).toMatchObject({ code: ErrorCode.RunInterrupted });
    expect(result.toolCalls).toEqual([]);
  });

  it("ends a run with REINS_RUN_CANCELLED when the caller's signal aborts, even if the agent ignores it", async () => {
    const controller = new AbortController();
    const agent = functionAgent("deaf", () => {
      setTimeout(() => controller.abort(new Error("operator stopped it")), 20);
      return new Promise<never>(() => {});
    });
    const result = await runCrm(t, agent, { signal: controller.signal });
    expect(result.status).toBe("failed");
    expect(result.outcome).toEqual({
      type: "error",
      code: ErrorCode.RunCancelled,
      message: "the run was cancelled: operator stopped it",
    });
    expect((await t.store.runs.get(result.runId))?.status).toBe("failed");
  });

  it("takes the caller's timeoutMs over the charter's", async () => {
    const agent = functionAgent("stuck", () => new Promise<never>(() => {}));
    const result = await runCrm(t, agent, {
      charter: makeCharter(limits({ runTimeoutMs: 60_000 })),
      timeoutMs: 50,
    });
    expect(result.outcome).toEqual({
      type: "error",
      code: ErrorCode.RunTimeout,
      message: "the run did not end within 50 ms (its timeoutMs); its signal was aborted",
    });
  });

  it("leaves a run that ends in time as it was", async () => {
    const agent = functionAgent("quick", async () => ({
      type: "decision",
      decision: { decision: "qualified", confidence: 0.9 },
    }));
    const result = await runCrm(t, agent, { charter: makeCharter(limits({ runTimeoutMs: 5000 })) });
    expect(result.outcome).toMatchObject({ type: "decision" });
  });
});

describe("the charter's time limits", () => {
  it("defaults a model request to 60 s and a run to no limit", () => {
    expect(makeCharter().limits).toEqual({ maxToolCalls: 10, maxSteps: 8, modelTimeoutMs: 60_000 });
  });

  it.each([
    [0, "Too small: expected number to be >0"],
    [-1, "Too small: expected number to be >0"],
    [1.5, "expected int"],
    [3_600_001, "at most 3600000 (one hour)"],
  ])("rejects limits.modelTimeoutMs and runTimeoutMs of %s, naming the field and the bound", (ms, why) => {
    expect(() => makeCharter(limits({ modelTimeoutMs: ms }))).toThrow(`limits.modelTimeoutMs: ${why}`);
    expect(() => makeCharter(limits({ runTimeoutMs: ms }))).toThrow(`limits.runTimeoutMs: ${why}`);
  });
});
