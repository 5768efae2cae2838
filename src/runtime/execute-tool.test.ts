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
