import { describe, expect, it } from "vitest";
import { functionAgent, modelAgent } from "../runtime/agent.js";
import { openMemoryStore } from "../store/memory-store.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { loadSuite } from "./load-suite.js";
import { evaluate } from "./run-eval.js";
import type { TrialTranscript } from "./transcript.js";

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

describe("evaluate with trace", () => {
  it("keeps a model agent's conversation, its calls and their verdicts, redacted, with the results", async () => {
    const suite = await loadSuite("test/fixtures/approval-suite");
    suite.cases = suite.cases.filter((c) => c.id === "large-payment");
    const model = scriptedModel({
      steps: [
        {
          text: "Paying.",
          toolCalls: [{ toolName: "pay_invoice", input: { invoiceId: "INV-1", amount: 5000 } }],
        },
        {
          toolCalls: [
            { toolName: "reins_decide", input: { decision: "paid", confidence: 0.9, rationale: "paid" } },
          ],
        },
      ],
    });
    const store = openMemoryStore();
    await evaluate({
      suite,
      agent: modelAgent(model, { name: "scripted" }),
      store,
      trace: true,
      id: "eval-t",
    });
    const [saved, ...more] = await store.evals.transcripts("eval-t", { caseId: "large-payment", trial: 1 });
    expect(more).toEqual([]);
    const transcript = saved?.data as TrialTranscript;
    expect(transcript.messages?.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
      "assistant",
    ]);
    expect(transcript.messages?.[2]?.content).toBe(
      'Paying.\n→ pay_invoice({"invoiceId":"INV-1","amount":5000})',
    );
    expect(transcript.messages?.[3]?.content).toBe('← pay_invoice: {"status":"ok","output":{"ok":true}}');
    expect(transcript.messages?.[1]?.content).toContain('"iban": "[REDACTED]"');
    expect(JSON.stringify(transcript)).not.toContain("DE89370400440532013000");
    expect(JSON.stringify(transcript)).not.toContain("sk-live-");
    expect(transcript.toolCalls).toMatchObject([
      { toolName: "pay_invoice", verdict: "require-approval", resolution: "approved", status: "executed" },
    ]);
    expect(transcript.worldChanges).toEqual([{ path: "invoices.INV-1.paid", before: false, after: true }]);
    expect(transcript.events.map((e) => e.type)).toContain("approval.decided");
  });
});
