// A small workflow the integration examples share: a support desk that looks up orders, refunds them, and emails
// customers. Refunds over 200 are denied by policy; emailing a customer is external communication, so it always
// waits for a human's approval.
import { allow, createToolRegistry, defineCharter, definePolicy, defineTool, deny } from "reins";
import { z } from "zod";

/** What the tools act on: every side effect lands here. */
export interface Desk {
  orders: Record<string, { customer: string; total: number; status: string }>;
  refunds: { orderId: string; amount: number }[];
  emails: { to: string; body: string }[];
}

export const newDesk = (): Desk => ({
  orders: {
    "O-1": { customer: "ana@example.com", total: 80, status: "delivered" },
    "O-2": { customer: "bob@example.com", total: 900, status: "delivered" },
  },
  refunds: [],
  emails: [],
});

const desk = (context: { env: unknown }) => context.env as Desk;

export const lookupOrder = defineTool({
  name: "lookup_order",
  purpose: "Read an order by id.",
  effect: "read",
  input: z.object({ orderId: z.string() }),
  output: z.object({ customer: z.string(), total: z.number(), status: z.string() }),
  safeUse: ["Before refunding."],
  unsafeUse: ["To browse orders."],
  idempotent: true,
  execute: ({ orderId }, context) => {
    const order = desk(context).orders[orderId];
    if (!order) throw new Error(`no order ${orderId}`);
    return order;
  },
});

export const refundOrder = defineTool({
  name: "refund_order",
  purpose: "Refund an order, fully or in part.",
  effect: "action",
  input: z.object({ orderId: z.string(), amount: z.number().positive() }),
  output: z.object({ refunded: z.number() }),
  safeUse: ["Once the order is looked up."],
  unsafeUse: ["Above the order's total."],
  idempotent: true,
  execute: ({ orderId, amount }, context) => {
    desk(context).refunds.push({ orderId, amount });
    return { refunded: amount };
  },
});

export const emailCustomer = defineTool({
  name: "email_customer",
  purpose: "Email the customer about their order.",
  effect: "action",
  external: true,
  input: z.object({ to: z.string().email(), body: z.string() }),
  output: z.object({ sent: z.literal(true) }),
  safeUse: ["To tell the customer what was done."],
  unsafeUse: ["To anyone else."],
  idempotent: false,
  execute: ({ to, body }, context) => {
    desk(context).emails.push({ to, body });
    return { sent: true as const };
  },
});

export const tools = [lookupOrder, refundOrder, emailCustomer];
export const registry = createToolRegistry(tools);

/** Refunds over 200 need another process: the agent may not make them. */
export const refundLimit = definePolicy({
  name: "refund-limit",
  check: (call) =>
    call.toolName === "refund_order" && (call.input as { amount: number }).amount > 200
      ? deny("REFUND_OVER_LIMIT", "refunds over 200 are not made by this desk")
      : allow(),
});

export const charter = defineCharter(
  {
    name: "refund-desk",
    version: 1,
    trigger: { event: "ticket" },
    input: { type: "object", required: ["ticket"], properties: { ticket: { type: "string" } } },
    decision: { options: ["refunded", "declined", "needs_review"], confidenceThreshold: 0.6 },
    tools: { allowed: ["lookup_order", "refund_order", "email_customer"] },
    escalation: [{ reason: "refund_over_limit", when: "The refund is over the desk's limit." }],
    autonomy: "autonomous",
    instructions: "Refund delivered orders customers ask about, then tell them.",
  },
  { registry },
);
