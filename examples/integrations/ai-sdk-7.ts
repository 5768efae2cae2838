// Reins' gate in front of an AI SDK 7 app: the same desk as ai-sdk.ts, with AI SDK 7's `toolApproval` asking the
// gate. Your app imports from "ai" (ai@7); this repository installs AI SDK 7 as `ai-v7`, beside AI SDK 6. Run it with
// `npx tsx examples/integrations/ai-sdk-7.ts` (a scripted v4 model, no network), or pass your own model to
// `handleTicket` (e.g. `openai("gpt-5-mini")` from `@ai-sdk/openai` 4.x).
import { pathToFileURL } from "node:url";
import { generateText, type LanguageModel, type ModelMessage, stepCountIs } from "ai-v7";
import { createAuditLog, verifyAudit } from "reins/audit";
import { openToolSession, toAiSdkToolApproval, toAiSdkTools } from "reins/integrations";
import { openMemoryStore } from "reins/store";
import { scriptedModel } from "reins/testing";
import { deskScript } from "./ai-sdk.js";
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
    agent: "ai-sdk-7",
  });
  const settings = {
    model,
    tools: toAiSdkTools(tools, { session }),
    toolApproval: toAiSdkToolApproval(tools, { session }),
    stopWhen: stepCountIs(8),
  };
  const messages: ModelMessage[] = [{ role: "user", content: ticket }];

  let result = await generateText({ ...settings, messages });
  messages.push(...result.response.messages);
  // The gate asked for a human: here a reviewer approves each request (in an app, your UI shows `request.reason`).
  const requests = result.content.flatMap((part) => (part.type === "tool-approval-request" ? [part] : []));
  for (const request of requests) {
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
  if (requests.length > 0) result = await generateText({ ...settings, messages });
  const ended = await session.end({
    type: "decision",
    decision: { decision: "refunded", confidence: 0.9, rationale: result.text },
  });
  return { text: result.text, requests, ended, desk, audit: await verifyAudit(store) };
}

/** The desk script as an AI SDK 7 model (a v4 one). */
export function scriptedDeskModelV4() {
  return scriptedModel({ modelId: "desk-script", steps: deskScript(), specification: "v4" });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { text, ended, desk, audit } = await handleTicket(
    scriptedDeskModelV4(),
    "Please refund O-1 and O-2.",
  );
  console.log(text);
  console.log(ended.toolCalls.map((call) => `${call.callId} ${call.toolName}: ${call.status}`).join("\n"));
  console.log(
    `refunds: ${JSON.stringify(desk.refunds)}; emails: ${desk.emails.length}; audit ok: ${audit.ok}`,
  );
}
