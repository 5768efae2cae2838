import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, ToolFailure } from "../contract/tool-card.js";
import { createToolRegistry } from "../contract/tool-registry.js";
import { executeTool } from "./execute-tool.js";

describe("executeTool", () => {
  it("recognises a ToolFailure thrown by another copy of the package (no instanceof)", async () => {
    // What a workflow's tools.ts throws when it loaded a different copy of reins than the CLI running it.
    const foreign = Object.assign(new Error("two accounts"), {
      condition: "conflict",
      [Symbol.for("reins.tool-failure")]: true,
    });
    expect(ToolFailure.isInstance(foreign)).toBe(true);
    expect(ToolFailure.isInstance(new Error("plain"))).toBe(false);
    const card = defineTool({
      name: "lookup",
      purpose: "x",
      effect: "read",
      input: z.object({}),
      output: z.object({}),
      safeUse: ["x"],
      unsafeUse: ["y"],
      failureModes: [{ when: "conflict", response: "escalate" }],
      idempotent: true,
      execute: () => {
        throw foreign;
      },
    });
    const result = await executeTool({
      card,
      input: {},
      context: { runId: "r", callId: "c", idempotencyKey: "r:c", env: undefined },
      registry: createToolRegistry([card]),
    });
    expect(result).toEqual({
      status: "failed",
      condition: "conflict",
      message: "two accounts",
      response: "escalate",
      attempts: 1,
    });
  });

  // Found by test/fuzz/model-replies.fuzz.test.ts: with a loose output schema, a NaN or a cycle reached the store's
  // commit, which failed the run as a store failure and lost the step's audit events (the call had already run).
  it.each([
    ["NaN", () => ({ owner: Number.NaN }), "(output).owner is NaN, not a JSON number"],
    ["a BigInt", () => ({ owner: 10n }), "(output).owner is a bigint, not JSON data"],
    [
      "a cycle",
      () => {
        const o: Record<string, unknown> = { owner: "ana" };
        o.self = o;
        return o;
      },
      "(output).self refers back to itself",
    ],
  ])(
    "blocks an output JSON cannot hold (%s) as abnormal, even when the schema lets it through",
    async (_what, make, issue) => {
      const card = defineTool({
        name: "lookup",
        purpose: "x",
        effect: "read",
        input: z.object({}),
        output: z.unknown(),
        safeUse: ["x"],
        unsafeUse: ["y"],
        idempotent: true,
        execute: make,
      });
      const result = await executeTool({
        card,
        input: {},
        context: { runId: "r", callId: "c", idempotencyKey: "r:c", env: undefined },
        registry: createToolRegistry([card]),
      });
      expect(result).toEqual({
        status: "abnormal",
        issues: `${issue} (the output must be JSON data)`,
        attempts: 1,
      });
    },
  );

  it("keeps an output with a Date (JSON keeps it as text)", async () => {
    const card = defineTool({
      name: "lookup",
      purpose: "x",
      effect: "read",
      input: z.object({}),
      output: z.object({ at: z.date() }),
      safeUse: ["x"],
      unsafeUse: ["y"],
      idempotent: true,
      execute: () => ({ at: new Date(0) }),
    });
    const result = await executeTool({
      card,
      input: {},
      context: { runId: "r", callId: "c", idempotencyKey: "r:c", env: undefined },
      registry: createToolRegistry([card]),
    });
    expect(result.status).toBe("ok");
  });

  describe("the signal a tool is given", () => {
    const slow = (execute: (signal: () => AbortSignal) => Promise<unknown>, timeoutMs = 20) =>
      defineTool({
        name: "slow",
        purpose: "x",
        effect: "read",
        input: z.object({}),
        output: z.unknown(),
        safeUse: ["x"],
        unsafeUse: ["y"],
        timeoutMs,
        retries: 0,
        idempotent: true,
        execute: (_input, context) => execute(() => context.signal),
      });
    const run = (card: ReturnType<typeof slow>, signal?: AbortSignal) =>
      executeTool({
        card,
        input: {},
        context: { runId: "r", callId: "c", idempotencyKey: "r:c", env: undefined },
        registry: createToolRegistry([card]),
        ...(signal ? { signal } : {}),
      });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it("is aborted when the attempt times out, whether read before or after", async () => {
      const seen: string[] = [];
      const early = slow(async (signal) => {
        const read = signal();
        await sleep(60);
        seen.push(`early ${read.aborted} ${String((read.reason as Error).message)}`);
        return null;
      });
      const late = slow(async (signal) => {
        await sleep(60);
        seen.push(`late ${signal().aborted} ${String((signal().reason as Error).message)}`);
        return null;
      });
      expect((await run(early)).status).toBe("failed");
      expect((await run(late)).status).toBe("failed");
      await sleep(80);
      expect(seen).toEqual(["early true timeout", "late true timeout"]);
    });

    it("is aborted when the run is cancelled, during the call or before it", async () => {
      const states: boolean[] = [];
      const card = slow(async (signal) => {
        const read = signal();
        states.push(read.aborted);
        await sleep(10);
        states.push(read.aborted);
        return null;
      }, 1000);
      const cancel = new AbortController();
      const running = run(card, cancel.signal);
      cancel.abort(new Error("cancelled"));
      expect(await running).toMatchObject({ status: "ok" });
      const cancelled = new AbortController();
      cancelled.abort(new Error("cancelled"));
      await run(card, cancelled.signal);
      expect(states).toEqual([false, true, true, true]);
    });
  });
});
