// Reins' gate in front of an AI SDK 6 app: `generateText` drives the model and its tool loop; every tool call goes
// through Reins. Run it with `npx tsx examples/integrations/ai-sdk.ts` (a scripted model, no network), or pass your
// own model to `handleTicket` (e.g. `openai("gpt-4.1-mini")` from `@ai-sdk/openai`).
import { pathToFileURL } from "node:url";
import { generateText, type LanguageModel, type ModelMessage, stepCountIs } from "ai";
import { createAuditLog, verifyAudit } from "reins/audit";
import { openToolSession, toAiSdkTools } from "reins/integrations";
import { openMemoryStore } from "reins/store";
import { type ScriptStep, scriptedModel } from "reins/testing";
import { charter, type Desk, newDesk, refundLimit, tools } from "./refund-desk.js";

export async function handleTicket(model: LanguageModel, ticket: string, desk: Desk = newDesk()) {
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
    agent: "ai-sdk",
  });
  const aiTools = toAiSdkTools(tools, { session });
  const messages: ModelMessage[] = [{ role: "user", content: ticket }];

  let result = await generateText({ model, tools: aiTools, messages, stopWhen: stepCountIs(8) });
  messages.push(...result.response.messages);
  // The gate asked for a human: here a reviewer approves each request (in an app, your UI asks them).
  for (const request of result.content.filter((part) => part.type === "tool-approval-request")) {
    await session.decide({
      callId: request.toolCall.toolCallId,
      decision: "approved",
      decidedBy: "reviewer@desk",
    });
    messages.push({
      role: "tool",
      content: [{ type: "tool-approval-response", approvalId: request.approvalId, approved: true }],
    });
  }
  if (result.content.some((part) => part.type === "tool-approval-request")) {
    result = await generateText({ model, tools: aiTools, messages, stopWhen: stepCountIs(8) });
  }
  const ended = await session.end({
    type: "decision",
    decision: { decision: "refunded", confidence: 0.9, rationale: result.text },
  });
  return { text: result.text, ended, desk, audit: await verifyAudit(store) };
}

/** A script that refunds O-1, tries a refund over the limit on O-2, and emails the customer. */
export function deskScript(): ScriptStep[] {
  return [
    {
      toolCalls: [
        { toolName: "lookup_order", input: { orderId: "O-1" }, toolCallId: "t1" },
        {
          toolName: "refund_order",
          input: { orderId: "O-1", amount: 80, confidence: 0.9 },
          toolCallId: "t2",
        },
        {
          toolName: "refund_order",
          input: { orderId: "O-2", amount: 900, confidence: 0.9 },
          toolCallId: "t3",
        },
        {
          toolName: "email_customer",
          input: { to: "ana@example.com", body: "Your refund of 80 is on its way.", confidence: 0.9 },
          toolCallId: "t4",
        },
      ],
    },
    { text: "Refunded O-1 and told Ana; O-2 is over the desk's limit." },
  ];
}

/** The desk script as an AI SDK 6 model (a v3 one). */
export function scriptedDeskModel() {
  return scriptedModel({ modelId: "desk-script", steps: deskScript() });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { text, ended, desk, audit } = await handleTicket(scriptedDeskModel(), "Please refund O-1 and O-2.");
  console.log(text);
  console.log(ended.toolCalls.map((call) => `${call.callId} ${call.toolName}: ${call.status}`).join("\n"));
  console.log(
    `refunds: ${JSON.stringify(desk.refunds)}; emails: ${desk.emails.length}; audit ok: ${audit.ok}`,
  );
}
