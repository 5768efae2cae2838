// Issue 11, finding 1: a retried tool receives the input its failed attempt mutated (the last parse was cached by
// object identity). Every attempt must get its own freshly validated input.

import { createToolRegistry, defineTool, functionAgent, runAgent } from "reins";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testCharter } from "./test-charter.js";
import { useTestStore } from "./test-store.js";

const t = useTestStore();

describe("a retried tool", () => {
  it("gets, on its retry, the input as the agent sent it, not as its failed attempt left it", async () => {
    const seen: string[][] = [];
    const collect = defineTool({
      name: "collect",
      purpose: "Collect items (fails once).",
      effect: "read",
      input: z.object({ items: z.array(z.string()) }),
      output: z.object({ count: z.number() }),
      safeUse: ["Any time."],
      unsafeUse: ["Never."],
      idempotent: true,
      retries: 1,
      execute: (input) => {
        seen.push([...input.items]);
        input.items.push("added");
        if (seen.length === 1) throw new Error("503 from the items service");
        return { count: input.items.length };
      },
    });
    const registry = createToolRegistry([collect]);
    const charter = testCharter("retry-input", registry);
    const agent = functionAgent("collector", async ({ call }) => {
      const result = await call("collect", { items: ["a"] });
      return { type: "decision", decision: { decision: "done", confidence: 1, result } };
    });

    const result = await runAgent({ charter, registry, agent, input: {}, store: t.store, audit: t.audit });

    expect(seen).toEqual([["a"], ["a"]]);
    expect(result.status).toBe("completed");
    expect(result.toolCalls).toMatchObject([
      { callId: "call-1", toolName: "collect", status: "executed", attempts: 2, output: { count: 2 } },
    ]);
  });
});
