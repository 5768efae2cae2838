import { describe, expect, it } from "vitest";
import { tools } from "../../test/fixtures/mini-suite/tools.js";
import { parseCharter } from "../charter/load-charter.js";
import { createToolRegistry } from "../contract/tool-registry.js";
import type { ShadowReport } from "../shadow/shadow-report.js";
import { openMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { autonomyCheck } from "./autonomy-check.js";

const charter = parseCharter(
  `name: ticket-priority
version: 1
trigger: { event: ticket_created }
input: { type: object }
decision: { options: [p2, p3] }
tools: { allowed: [lookup_customer, set_priority, send_reply] }
autonomy: autonomous
instructions: Prioritise.
`,
  "charter.yaml",
);
const registry = createToolRegistry(tools);

const trial = (caseId: string, patch: Record<string, unknown>) => ({
  caseId,
  trial: 0,
  kind: "success",
  impact: "low",
  perturbation: null,
  base: null,
  redteam: false,
  decision: "p3",
  expectedDecision: "p3",
  scores: { policyCompliance: 1 },
  passed: true,
  ...patch,
});

async function saveEval(store: Store, id: string, version: string, results: ReturnType<typeof trial>[]) {
  await store.evals.save({
    id,
    suite: "ticket-priority",
    agent: "function:baseline",
    startedAt: `2026-01-0${id.length}T00:00:00.000Z`,
    passed: true,
    report: {
      charter: { name: "ticket-priority", version },
      startedAt: "2026-01-01T00:00:00.000Z",
      trials: 2,
    },
    results: results.map((r) => ({ caseId: r.caseId, trial: r.trial, passed: r.passed, data: r })),
  });
}

async function decidedRun(store: Store, id: string, decision: string, version = "1") {
  await store.runs.create({
    id,
    charter: "ticket-priority",
    charterVersion: version,
    status: "completed",
    autonomy: "draft",
    agent: "function:baseline",
    input: {},
    outcome: { type: "decision", decision: { decision, confidence: 0.9 }, draft: false },
    checkpoint: null,
  });
}

const review = (id: string, runId: string, reviewer: string, outcome: "approved" | "edited") => ({
  id,
  runId,
  reviewer,
  outcome,
  errorType: null,
  correction: null,
  rootCause: null,
  retrainingPriority: null,
  note: null,
});

describe("autonomyCheck", () => {
  it("reads the latest eval of this version by case, reviews by agreed ground truth, shadow items and the kill switch", async () => {
    const store = openMemoryStore();
    // An older eval of version 1, then a newer one of version 2: the latest of version 1 (e1) is read.
    await saveEval(store, "e1", "1", [
      trial("a", {}),
      trial("a", { trial: 1 }),
      trial("b", { trial: 0 }),
      trial("b", { trial: 1, passed: false }), // one failing trial fails case b
      trial("c", { expectedDecision: "p2", decision: "p3", passed: false, scores: { policyCompliance: 0 } }),
      trial("d", { perturbation: "typos", base: "a" }),
      trial("rt", { redteam: true, passed: false }),
    ]);
    await saveEval(store, "e22", "2", [trial("z", {})]);
    await decidedRun(store, "r1", "p3");
    await decidedRun(store, "r2", "p3");
    await decidedRun(store, "r3", "p3");
    await decidedRun(store, "r4", "p3", "2");
    await store.reviews.append(review("v1", "r1", "ana", "approved"));
    await store.reviews.append(review("v2", "r2", "ana", "edited"));
    await store.reviews.append(review("v3", "r3", "ana", "approved"));
    await store.reviews.append(review("v4", "r3", "bo", "edited")); // disputed: not counted
    await store.reviews.append(review("v5", "r4", "ana", "approved")); // another version
    await store.workflows.set("ticket-priority", { paused: true, pausedReason: "test" });
    const item = (id: string, humanClass: string, agentClass: string, impact = "low") => ({
      id,
      runId: `shadow-${id}`,
      impact,
      humanClass,
      agentClass,
      agree: humanClass === agentClass,
      confidence: 0.9,
      decidedBy: null,
    });
    const report = (version: string, items: ReturnType<typeof item>[]) =>
      ({ schemaVersion: 1, charter: { name: "ticket-priority", version }, items }) as unknown as ShadowReport;
    const check = await autonomyCheck({
      charter,
      registry,
      store,
      shadowReports: [
        {
          source: "s.json",
          report: report("1", [
            item("h1", "p3", "p3"),
            item("h2", "p2", "p3", "critical"),
            item("h3", "p2", "p2"),
          ]),
        },
        { source: "old.json", report: report("0", [item("h9", "p3", "p3")]) },
      ],
    });
    expect(check.evidence.eval).toEqual({ id: "e1", startedAt: "2026-01-01T00:00:00.000Z", trials: 2 });
    expect(check.evidence.options).toEqual({
      p2: {
        evalBase: { successes: 0, n: 1 },
        evalPerturbed: { successes: 0, n: 0 },
        policyViolations: 1,
        reviews: { successes: 0, n: 0 },
        shadow: { successes: 1, n: 2 },
        criticalMisses: 1,
      },
      p3: {
        evalBase: { successes: 1, n: 2 },
        evalPerturbed: { successes: 1, n: 1 },
        policyViolations: 1,
        reviews: { successes: 1, n: 2 },
        shadow: { successes: 1, n: 1 },
        criticalMisses: 1,
      },
    });
    expect(check.evidence.workflow).toEqual({ redteamRegressions: 1, paused: true });
    expect(check.evidence.reviews).toEqual(["v1", "v2"]);
    expect(check.notes).toEqual([
      "1 reviewed runs whose reviewers disagree; not counted",
      "old.json: a shadow report of ticket-priority version 0, not ticket-priority version 1; not counted",
    ]);
    expect(check.effectClasses).toEqual(["read", "action"]);
    expect(check.externalTools).toEqual(["send_reply"]);
    expect(check.cells.map((c) => [c.option, c.effect, c.level, c.demotions.length])).toEqual([
      ["p2", "read", "shadow", 3],
      ["p2", "action", "shadow", 3],
      ["p3", "read", "shadow", 3],
      ["p3", "action", "shadow", 3],
    ]);
    expect(check.current).toMatchObject({ autonomy: "autonomous", certified: null });
    // The digest covers the evidence: the same store read again gives the same digest, a new review another.
    const again = await autonomyCheck({ charter, registry, store });
    await store.reviews.append(review("v6", "r2", "ana", "approved"));
    const changed = await autonomyCheck({ charter, registry, store });
    expect(changed.evidenceDigest).not.toBe(again.evidenceDigest);
    expect((await autonomyCheck({ charter, registry, store })).evidenceDigest).toBe(changed.evidenceDigest);
  });
});
