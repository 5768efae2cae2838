import { trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { functionAgent } from "../runtime/agent.js";
import { loadSuite } from "./load-suite.js";
import { evaluate } from "./run-eval.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
afterEach(() => {
  exporter.reset();
  trace.disable();
});

const none = functionAgent("none", async () => ({ type: "refusal", reason: "none" }));

describe("OpenTelemetry spans of an evaluation", () => {
  it("a span per trial, its run's span under it, and its scores as gen_ai.evaluation.result events", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    suite.cases = suite.cases.filter((c) => c.id === "free-invoice");
    const report = await evaluate({
      suite,
      agent: suite.baseline ?? none,
      tracer: provider.getTracer("t"),
      id: "eval_t",
    });
    const spans = exporter.getFinishedSpans();
    const trial = spans.find((s) => s.name === "eval_trial free-invoice");
    const run = spans.find((s) => s.name.startsWith("invoke_agent "));
    expect(spans.map((s) => s.name).sort()).toEqual([
      "eval_trial free-invoice",
      "execute_tool lookup_customer",
      "execute_tool set_priority",
      "invoke_agent ticket-priority",
    ]);
    expect(run?.parentSpanContext?.spanId).toBe(trial?.spanContext().spanId);
    expect(trial?.attributes).toMatchObject({
      "reins.eval.id": "eval_t",
      "reins.case.id": "free-invoice",
      "reins.trial": 1,
    });
    const result = report.results[0];
    expect(trial?.events.map((e) => [e.name, e.attributes])).toEqual([
      ...Object.entries(result?.scores ?? {}).map(([name, value]) => [
        "gen_ai.evaluation.result",
        {
          "gen_ai.evaluation.name": name,
          "gen_ai.evaluation.score.value": value,
          "gen_ai.evaluation.score.label": value === 1 ? "pass" : "fail",
        },
      ]),
      [
        "gen_ai.evaluation.result",
        {
          "gen_ai.evaluation.name": "passed",
          "gen_ai.evaluation.score.value": 1,
          "gen_ai.evaluation.score.label": "pass",
        },
      ],
    ]);
    expect(Object.keys(result?.scores ?? {})).toEqual([
      "taskSuccess",
      "toolCorrectness",
      "dataAccuracy",
      "policyCompliance",
      "recovery",
    ]);
  });

  it("picks up a globally registered OpenTelemetry SDK when no tracer is given, and traces nothing without one", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    suite.cases = suite.cases.filter((c) => c.id === "free-invoice");
    await evaluate({ suite, agent: suite.baseline ?? none });
    expect(exporter.getFinishedSpans()).toEqual([]);
    trace.setGlobalTracerProvider(provider);
    await evaluate({ suite, agent: suite.baseline ?? none });
    expect(
      exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .sort(),
    ).toEqual([
      "eval_trial free-invoice",
      "execute_tool lookup_customer",
      "execute_tool set_priority",
      "invoke_agent ticket-priority",
    ]);
  });
});
