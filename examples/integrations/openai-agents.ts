// Reins' gate in front of an OpenAI Agents SDK (JS) agent: the SDK's `Runner` drives the model and its tools; every
// tool call goes through Reins, whose approvals become the run's interruptions. Run it with
// `npx tsx examples/integrations/openai-agents.ts` (a scripted model, no network), or give `handleTicket` a model
// of your own (with `@openai/agents`, e.g. `"gpt-4.1-mini"` and an OPENAI_API_KEY).
import { pathToFileURL } from "node:url";
import { Agent, type Model, Runner } from "@openai/agents-core";
import { createAuditLog, verifyAudit } from "reins/audit";
import { openToolSession, toOpenAIAgentsTools } from "reins/integrations";
import { openMemoryStore } from "reins/store";
import { scriptedAgentsModel } from "../../src/integrations/__fixtures__/scripted-agents-model.js";
import { charter, type Desk, newDesk, refundLimit, tools } from "./refund-desk.js";

export async function handleTicket(model: Model | string, ticket: string, desk: Desk = newDesk()) {
  const store = openMemoryStore();
  const audit = createAuditLog({ store });
  const session = await openToolSession({
    charter,
    tools,
    policies: [refundLimit],
    store,
    audit,
    input: { ticket },
    env: desk,
    agent: "openai-agents",
  });
  const agent = new Agent({
    name: "refund-desk",
    instructions: charter.instructions,
    model,
    tools: toOpenAIAgentsTools(tools, { session }),
  });
  const runner = new Runner({ tracingDisabled: true });
  let result = await runner.run(agent, ticket);
  // Each interruption is a call the gate wants a human for: a reviewer approves it in Reins and in the run's state.
  while (result.interruptions.length > 0) {
    for (const item of result.interruptions) {
      const callId = (item.rawItem as { callId?: string }).callId ?? "";
      await session.decide({ callId, decision: "approved", decidedBy: "reviewer@desk" });
      result.state.approve(item);
    }
    result = await runner.run(agent, result.state);
  }
  const ended = await session.end({
    type: "decision",
    decision: { decision: "refunded", confidence: 0.9, rationale: String(result.finalOutput) },
  });
  return { text: String(result.finalOutput), ended, desk, audit: await verifyAudit(store) };
}

/** A model that refunds O-1, tries a refund over the limit on O-2, and emails the customer. */
export function scriptedDeskModel() {
  return scriptedAgentsModel([
    {
      calls: [
        { callId: "t1", name: "lookup_order", input: { orderId: "O-1" } },
        { callId: "t2", name: "refund_order", input: { orderId: "O-1", amount: 80, confidence: 0.9 } },
        { callId: "t3", name: "refund_order", input: { orderId: "O-2", amount: 900, confidence: 0.9 } },
        {
          callId: "t4",
          name: "email_customer",
          input: { to: "ana@example.com", body: "Your refund of 80 is on its way.", confidence: 0.9 },
        },
      ],
    },
    { text: "Refunded O-1 and told Ana; O-2 is over the desk's limit." },
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { text, ended, desk, audit } = await handleTicket(scriptedDeskModel(), "Please refund O-1 and O-2.");
  console.log(text);
  console.log(ended.toolCalls.map((call) => `${call.callId} ${call.toolName}: ${call.status}`).join("\n"));
  console.log(
    `refunds: ${JSON.stringify(desk.refunds)}; emails: ${desk.emails.length}; audit ok: ${audit.ok}`,
  );
}
