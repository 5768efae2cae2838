import { z } from "zod";
import type { ToolContext } from "../../../contract/tool-card.js";
import { defineTool } from "../../../contract/tool-card.js";
import { createToolRegistry, type ToolRegistry } from "../../../contract/tool-registry.js";
import { type ExecutionResult, executeTool } from "../../../runtime/execute-tool.js";

/**
 * What the tools saw: every real execution is logged, so a test can prove a faulted call never ran the tool.
 */
export interface TinyWorld {
  executed: string[];
}

const world = (ctx: { env: unknown }) => ctx.env as TinyWorld;

/**
 * A read tool with one retry and a 50 ms timeout; its result has strings at every depth, free text or not.
 */
export const lookup = defineTool({
  name: "lookup",
  purpose: "Read a customer by id.",
  effect: "read",
  input: z.object({ id: z.string() }),
  output: z.object({
    name: z.string(),
    tier: z.enum(["gold", "silver"]),
    email: z.email(),
    visits: z.number(),
    tags: z.array(z.string()),
    address: z.object({ city: z.string(), zip: z.string().nullable() }),
  }),
  safeUse: ["Before deciding."],
  unsafeUse: ["Never for other customers."],
  timeoutMs: 50,
  idempotent: true,
  execute: ({ id }, ctx) => {
    world(ctx).executed.push(`lookup ${id}`);
    return {
      name: "Ada",
      tier: "gold" as const,
      email: "ada@example.com",
      visits: 3,
      tags: ["vip", "eu"],
      address: { city: "Paris", zip: null },
    };
  },
});

/** A read tool with no retry that falls back to `cache` when it fails. */
export const score = defineTool({
  name: "score",
  purpose: "Score a customer (live).",
  effect: "read",
  input: z.object({ id: z.string() }),
  output: z.object({ score: z.number() }),
  safeUse: ["Any time."],
  unsafeUse: ["Never."],
  timeoutMs: 50,
  retries: 0,
  fallback: "cache",
  idempotent: true,
  execute: (_input, ctx) => {
    world(ctx).executed.push("score");
    return { score: 80 };
  },
});

export const cache = defineTool({
  name: "cache",
  purpose: "Score a customer from yesterday's cache.",
  effect: "read",
  input: z.object({ id: z.string() }),
  output: z.object({ score: z.number() }),
  safeUse: ["When live scoring fails."],
  unsafeUse: ["Never first."],
  idempotent: true,
  execute: (_input, ctx) => {
    world(ctx).executed.push("cache");
    return { score: 60 };
  },
});

/** An action tool that is never faulted in the tests: shared unchanged by `withFaults`. */
export const tag = defineTool({
  name: "tag",
  purpose: "Tag a customer.",
  effect: "action",
  input: z.object({ id: z.string(), tag: z.string() }),
  output: z.object({ ok: z.literal(true) }),
  safeUse: ["Once."],
  unsafeUse: ["Twice."],
  idempotent: true,
  execute: ({ id, tag: label }, ctx) => {
    world(ctx).executed.push(`tag ${id} ${label}`);
    return { ok: true as const };
  },
});

export const tinyRegistry = (): ToolRegistry => createToolRegistry([lookup, score, cache, tag]);

/**
 * Executes one call through the runtime's `executeTool`, so timeouts, retries and fallbacks are the real
 * ones.
 */
export function call(
  registry: ToolRegistry,
  name: string,
  env: TinyWorld,
  input: unknown = { id: "c-1" },
): Promise<ExecutionResult> {
  const card = registry.get(name);
  if (!card) throw new Error(`no tool ${name}`);
  const context: Omit<ToolContext, "signal"> = {
    runId: "r-1",
    callId: "k-1",
    idempotencyKey: "r-1:k-1",
    env,
  };
  return executeTool({ card, input, context, registry });
}
