import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { tracedTicket } from "./opentelemetry.js";

describe("examples/integrations/opentelemetry", () => {
  it("exports a span per run drive, model call and tool call, in the GenAI semantic conventions", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const result = await tracedTicket(provider.getTracer("example"));
    expect(result.status).toBe("completed");
    const spans = exporter.getFinishedSpans();
    const names = new Map(spans.map((s) => [s.spanContext().spanId, s.name]));
    const started = (s: (typeof spans)[number]) => s.startTime[0] * 1e9 + s.startTime[1];
    expect(
      [...spans]
        .sort((a, b) => started(a) - started(b))
        .map((s) => [
          s.name,
          s.parentSpanContext ? names.get(s.parentSpanContext.spanId) : null,
          s.attributes["reins.call.status"] ?? s.attributes["reins.run.status"] ?? null,
        ]),
    ).toEqual([
      ["invoke_agent refund-desk", null, "suspended"],
      ["chat desk-script", "invoke_agent refund-desk", null],
      ["execute_tool lookup_order", "invoke_agent refund-desk", "executed"],
      ["execute_tool email_customer", "invoke_agent refund-desk", "pending-approval"],
      ["invoke_agent refund-desk", null, "completed"],
      ["execute_tool email_customer", "invoke_agent refund-desk", "executed"],
      ["chat desk-script", "invoke_agent refund-desk", null],
    ]);
  });
});
