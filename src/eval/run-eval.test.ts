import { describe, expect, it } from "vitest";
import { functionAgent } from "../runtime/agent.js";
import { openMemoryStore } from "../store/memory-store.js";
import { loadSuite } from "./load-suite.js";
import { evaluate } from "./run-eval.js";

describe("evaluate", () => {
  it("backs off and retries a trial the provider rate-limited, then scores it", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    suite.cases = suite.cases.filter((c) => c.id === "free-invoice");
    let attempts = 0;
    const flaky = functionAgent("rate-limited", async (context) => {
      attempts++;
      if (attempts <= 2) throw new Error("429 Too Many Requests: rate limit reached");
      return (suite.baseline ?? flaky).run(context);
    });
    const store = openMemoryStore();
    const report = await evaluate({ suite, agent: flaky, rateLimitBackoffMs: 1, store });
    expect(attempts).toBe(3);
    expect(report.results.map((r) => [r.caseId, r.passed, r.runId.endsWith("_r3")])).toEqual([
      ["free-invoice", true, true],
    ]);
    expect((await store.evals.list()).map((e) => [e.suite, e.resultCount])).toEqual([["ticket-priority", 1]]);
  });

  it("runs every case × trial, with pass^k over the trials", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    const report = await evaluate({
      suite,
      agent: suite.baseline ?? functionAgent("none", async () => ({ type: "refusal", reason: "none" })),
      trials: 3,
      concurrency: 2,
    });
    expect(report.results).toHaveLength(18);
    expect(report.results.map((r) => `${r.caseId}#${r.trial}`).slice(0, 4)).toEqual([
      "enterprise-outage#1",
      "enterprise-outage#2",
      "enterprise-outage#3",
      "free-invoice#1",
    ]);
    expect(report.passHatK).toEqual({ "1": 1, "2": 1, "3": 1 });
    expect(report.metrics).toEqual({
      taskSuccess: 1,
      toolCorrectness: 1,
      dataAccuracy: 1,
      policyCompliance: 1,
      recovery: 1,
    });
  });
});
