// A Reins run traced with OpenTelemetry: `invoke_agent`, `chat` and `execute_tool` spans with the GenAI semantic
// conventions, and Reins' verdicts, approvals and recovery paths as attributes. Run it with
// `npx tsx examples/integrations/opentelemetry.ts`: it prints the spans to the console (ConsoleSpanExporter); to send
// them to a collector, register an OTLP exporter instead (docs/integrations/opentelemetry.md).
import { pathToFileURL } from "node:url";
import type { Tracer } from "@opentelemetry/api";
import { decideApproval, modelAgent, resumeRun, runAgent } from "reins";
import { createAuditLog } from "reins/audit";
import { openMemoryStore } from "reins/store";
import { scriptedModel } from "reins/testing";
import { charter, newDesk, refundLimit, registry } from "./refund-desk.js";

/** Runs a ticket that needs an approval; with no `tracer`, the globally registered OpenTelemetry SDK's is used. */
export async function tracedTicket(tracer?: Tracer) {
  const store = openMemoryStore();
  const audit = createAuditLog({ store });
  const desk = newDesk();
  const model = scriptedModel({
    modelId: "desk-script",
    steps: [
      {
        toolCalls: [
          { toolName: "lookup_order", input: { orderId: "O-1" }, toolCallId: "t1" },
          {
            toolName: "email_customer",
            input: { to: "ana@example.com", body: "Your refund is on its way.", confidence: 0.9 },
            toolCallId: "t2",
          },
        ],
      },
      { toolCalls: [{ toolName: "reins_decide", input: { decision: "refunded", confidence: 0.9 } }] },
    ],
  });
  const common = {
    charter,
    registry,
    policies: [refundLimit],
    agent: modelAgent(model, { name: "scripted:desk-script" }),
    store,
    audit,
    env: desk,
    ...(tracer ? { tracer } : {}),
  };
  const first = await runAgent({ ...common, input: { ticket: "Refund O-1, please." } });
  if (first.suspended?.kind !== "approval") throw new Error(`expected an approval, got ${first.status}`);
  await decideApproval({
    store,
    audit,
    approvalId: first.suspended.approval.approvalId,
    decision: "approved",
    decidedBy: "reviewer@desk",
  });
  return resumeRun({ ...common, runId: first.runId });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } = await import(
    "@opentelemetry/sdk-trace-base"
  );
  const { trace } = await import("@opentelemetry/api");
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
  });
  trace.setGlobalTracerProvider(provider);
  const result = await tracedTicket();
  await provider.shutdown();
  console.log(`run ${result.runId}: ${result.status}`);
}
