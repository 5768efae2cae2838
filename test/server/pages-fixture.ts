import { fileURLToPath } from "node:url";
import { createAuditLog } from "../../src/audit/audit-log.js";
import { loadWorkflowAt } from "../../src/cli/commands/run.js";
import { loadSuite } from "../../src/eval/load-suite.js";
import { evaluate } from "../../src/eval/run-eval.js";
import type { Suite } from "../../src/eval/suite.js";
import { functionAgent } from "../../src/runtime/agent.js";
import type { ServedWorkflow } from "../../src/server/server-env.js";
import type { RunRecord, Store } from "../../src/store/store.js";

const folder = fileURLToPath(new URL("../../examples/lead-routing/", import.meta.url));

/** The shipped lead-routing suite (its modules import `reins`: build with `npx tsup` first). */
export async function leadRouting(): Promise<Suite> {
  return loadSuite(folder);
}

/** An agent that ignores every lead: wrong on most cases, so the eval has failures to show. */
export const ignoreEverything = functionAgent("ignore-everything", async () => ({
  type: "decision",
  decision: { decision: "ignore", fields: { status: "disqualified", owner: null }, confidence: 0.9 },
}));

/**
 * Two real evals of lead-routing saved in `store` with their transcripts: the baseline (`eval-good`), then an agent
 * that ignores every lead (`eval-bad`), so the second has failures and compares as regressions.
 */
export async function twoEvals(store: Store, suite: Suite): Promise<void> {
  await evaluate({ suite, agent: suite.baseline as never, trials: 2, store, trace: true, id: "eval-good" });
  await evaluate({ suite, agent: ignoreEverything, trials: 2, store, trace: true, id: "eval-bad" });
}

/** Every payload the escaping tests feed through ids, inputs, model output and tool results. */
export const payloads = [
  "<script>alert('x')</script>",
  '"><img src=x onerror=alert(1)>',
  "</style><b>styled</b>",
  "javascript:alert(1)",
] as const;

/** The lead-routing workflow as `reins serve --workflow` serves it; red-team cases go to `dir` (a temporary folder). */
export async function servedLeadRouting(store: Store, dir: string): Promise<Map<string, ServedWorkflow>> {
  const workflow = await loadWorkflowAt(folder);
  return new Map([
    [
      workflow.charter.name,
      {
        charter: workflow.charter,
        registry: workflow.registry,
        dir,
        audit: createAuditLog({ store, redact: { fields: [...workflow.charter.redact] } }),
      },
    ],
  ]);
}

/** A finished lead-routing run whose input, outcome and id carry `payload`. */
export function hostileRun(id: string, payload: string, patch: Partial<RunRecord> = {}) {
  return {
    id,
    charter: "lead-routing",
    charterVersion: "2",
    status: "completed" as const,
    autonomy: "supervised",
    agent: "function:test",
    input: { email: payload, company: { name: payload } },
    outcome: { type: "escalation", reason: payload, evidence: { toolResult: payload } },
    checkpoint: null,
    ...patch,
  };
}
