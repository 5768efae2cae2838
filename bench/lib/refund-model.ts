/**
 * A stateless stand-in for a model on the refund-triage suite, as a fake OpenAI server handler: it reads the
 * conversation in each request and answers the next step. Every eligible refund takes exactly four requests:
 *
 *   1. get_order                                  (no assistant turn yet)
 *   2. get_customer + get_return_policy, together (after the order)
 *   3. issue_refund                               (after both reads)
 *   4. reins_decide refund                        (after the refund)
 *
 * An order that is not eligible ends at step 3 with `reins_decide decline`.
 */
import type { FakeRequest } from "../../src/testing/fake-openai-server.js";
import type { FakeReply } from "../../src/testing/fake-reply.js";

interface ChatMessage {
  role: string;
  content?: unknown;
  tool_call_id?: string;
}

function text(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: unknown }).text ?? "").join("");
  return "";
}

/** Tool results by the tool's name (this handler's call ids start with the tool name). */
function results(messages: readonly ChatMessage[]): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  for (const message of messages) {
    if (message.role !== "tool" || typeof message.tool_call_id !== "string") continue;
    const tool = message.tool_call_id.split(".")[0] as string;
    const result = JSON.parse(text(message.content)) as { status: string; output?: Record<string, unknown> };
    if (result.status !== "ok" || !result.output)
      throw new Error(`${tool} did not answer ok: ${text(message.content)}`);
    found.set(tool, result.output);
  }
  return found;
}

const call = (name: string, step: number, args: Record<string, unknown>) => ({
  name,
  id: `${name}.${step}`,
  arguments: args,
});

/** The reply to one chat completion request. Throws (the server answers 500) on a conversation it cannot read. */
export function refundModel(request: FakeRequest): FakeReply {
  const messages = ((request.body as { messages?: ChatMessage[] }).messages ?? []) as ChatMessage[];
  const step = messages.filter((m) => m.role === "assistant").length + 1;
  const user = messages.find((m) => m.role === "user");
  const input = JSON.parse(text(user?.content).replace(/^Input:\s*/, "")) as { orderId: string };
  const seen = results(messages);
  const order = seen.get("get_order");
  if (step === 1) return { toolCalls: [call("get_order", step, { orderId: input.orderId })] };
  if (!order) throw new Error(`step ${step} without the order`);
  if (step === 2)
    return {
      toolCalls: [
        call("get_customer", step, { customerId: order.customerId }),
        call("get_return_policy", step, { sku: order.sku }),
      ],
    };
  const customer = seen.get("get_customer");
  const policy = seen.get("get_return_policy");
  if (!customer || !policy) throw new Error(`step ${step} without the customer and the policy`);
  const reason = policy.finalSale
    ? "final_sale"
    : (order.daysSincePurchase as number) > (policy.returnWindowDays as number)
      ? "outside_window"
      : (customer.refundsThisYear as number) >= 3
        ? "refund_limit"
        : "eligible";
  const decide = (decision: string) => ({
    toolCalls: [
      call("reins_decide", step, {
        decision,
        orderId: input.orderId,
        reason,
        confidence: 0.9,
        rationale: reason,
      }),
    ],
  });
  if (reason !== "eligible") return decide("decline");
  if (step === 3)
    return {
      toolCalls: [
        call("issue_refund", step, { orderId: input.orderId, amount: order.amount, confidence: 0.9 }),
      ],
    };
  return decide("refund");
}
