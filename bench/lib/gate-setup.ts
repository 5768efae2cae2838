/** What the gate-overhead bench calls: one trivial read tool, a charter allowing it, runs opened as `runAgent` does. */
import { z } from "zod";
import type { AuditSink } from "../../src/audit/audit-log.js";
import { defineCharter } from "../../src/charter/define-charter.js";
import { defineTool } from "../../src/contract/tool-card.js";
import { createToolRegistry } from "../../src/contract/tool-registry.js";
import { functionAgent, type ToolCallResult } from "../../src/runtime/agent.js";
import { gatedCall } from "../../src/runtime/gated-call.js";
import { startSession } from "../../src/runtime/run-agent.js";
import type { RunSession } from "../../src/runtime/run-session.js";
import type { Store } from "../../src/store/store.js";
import type { Variant } from "./interleave.js";

/** The tool under test: validates a small input, returns a small object synchronously. */
export const getOrder = defineTool({
  name: "get_order",
  purpose: "Read an order's status.",
  effect: "read",
  input: z.object({ orderId: z.string().min(1) }),
  output: z.object({ orderId: z.string(), status: z.enum(["open", "shipped"]) }),
  safeUse: ["To check an order."],
  unsafeUse: ["Never to change one."],
  idempotent: true,
  execute: ({ orderId }) => ({ orderId, status: "shipped" as const }),
});

export const registry = createToolRegistry([getOrder]);
export const charter = defineCharter(
  {
    name: "bench-gate",
    version: 1,
    trigger: { event: "order" },
    input: { type: "object", required: ["orderId"], properties: { orderId: { type: "string" } } },
    decision: { options: ["shipped", "open"], confidenceThreshold: 0.7 },
    tools: { allowed: ["get_order"], forbidden: [] },
    escalation: [],
    autonomy: "autonomous",
    instructions: "Check the order.",
    // High enough that the call cap never triggers, even in the long runs of the growth phase.
    limits: { maxToolCalls: 1_000_000, maxSteps: 12 },
  },
  { registry },
);

export const inputOf = (i: number) => ({ orderId: `o-${i}` });

/** The runs' agent: never driven (the bench makes the gated calls itself); it names the runs `function:bench`. */
const benchAgent = functionAgent("bench", async () => ({ type: "refusal", reason: "not driven" }));

/** A run opened by the runtime's own start-up (`startSession`, what `runAgent` does before driving the agent). */
export async function openRun(options: {
  store: Store;
  audit: AuditSink;
  runId: string;
}): Promise<RunSession> {
  const { session, lease } = await startSession({
    charter,
    registry,
    agent: benchAgent,
    input: inputOf(0),
    store: options.store,
    audit: options.audit,
    runId: options.runId,
  });
  // The bench drives the session itself, well within the lease's lifetime: no renewals in the measurements.
  lease.stop();
  return session;
}

export function expectOk(result: unknown): void {
  const status = (result as ToolCallResult).status;
  if (status !== "ok") throw new Error(`gated call did not execute: ${JSON.stringify(result)}`);
}

/** Gated calls, a new run every `callsPerRun` calls (a run's checkpoint grows with each call it makes). */
export function gatedVariant(
  label: string,
  options: { store: Store; audit: AuditSink; callsPerRun: number; prefix: string },
): Variant {
  let session: RunSession | undefined;
  let runs = 0;
  return {
    label,
    async before(i) {
      if (session === undefined || i % options.callsPerRun === 0) {
        session = await openRun({ ...options, runId: `${options.prefix}-${++runs}` });
      }
    },
    call: (i) =>
      gatedCall(session as RunSession, { callId: `c${i}`, toolName: getOrder.name, input: inputOf(i) }),
    expect: expectOk,
  };
}

/** Everything a `RunSession` was built with, to build it again over another store. */
export function sessionParts(session: RunSession) {
  return {
    runId: session.runId,
    input: session.input,
    charter: session.charter,
    registry: session.registry,
    rules: session.rules,
    autonomy: session.autonomy,
    env: session.env,
    facts: session.facts,
    workflow: session.workflow,
    state: session.state,
    signal: session.signal,
    crashSafe: session.crashSafe,
    leaseHolder: session.leaseHolder,
  };
}
