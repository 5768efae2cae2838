// The parts of τ²'s retail policy that can be checked without judgement, as gate rules outside the model. The
// cancellation reasons are a YAML rule in charter.yaml; these need the world, which a rule reaches through the run
// it judges (worldOfRun: the cards record each run's world). A denial carries τ²'s own error message where τ² has
// one for the same condition, so the agent reads what τ² would have told it.

import { allow, definePolicy, deny, type PolicyRule, type RuleVerdict } from "reins";
import { writeTools } from "./retail/operations.js";
import { pyRound } from "./retail/python.js";
import { worldOfRun } from "./retail/run-registry.js";
import { isGiftCard, type Order, type RetailDb, type Variant } from "./retail/types.js";
import type { RetailWorld } from "./retail/world.js";

type Args = Record<string, unknown>;
const argsOf = (input: unknown): Args =>
  typeof input === "object" && input !== null && !Array.isArray(input) ? (input as Args) : {};
const text = (value: unknown) => (typeof value === "string" ? value : undefined);
const strings = (value: unknown) =>
  Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
const orderIn = (db: RetailDb, id: unknown) => {
  const key = text(id);
  return key !== undefined && Object.hasOwn(db.orders, key) ? (db.orders[key] as Order) : undefined;
};

/** A rule over the world of the run, for the named tools; `judge` returns a denial or nothing. */
function worldRule(options: {
  name: string;
  description: string;
  tools: readonly string[];
  judge: (args: Args, world: RetailWorld, tool: string) => RuleVerdict | undefined;
}): PolicyRule {
  return definePolicy({
    name: options.name,
    description: options.description,
    check(call, context) {
      if (!options.tools.includes(call.toolName)) return allow();
      const world = worldOfRun(context.runId);
      if (!world) return allow(); // nothing has run yet: `authenticated-user` stops user data before this.
      return options.judge(argsOf(call.input), world, call.toolName) ?? allow();
    },
  });
}

const userDataTools = ["get_user_details", "get_order_details", ...writeTools];
/** The tools that cancel or modify a pending order. */
const pendingOrderTools = [
  "cancel_pending_order",
  "modify_pending_order_address",
  "modify_pending_order_items",
  "modify_pending_order_payment",
];

export const authenticatedUser = definePolicy({
  name: "authenticated-user",
  description:
    "User data is read or changed only after find_user_id_* located the user, and only for that one user.",
  check(call, context) {
    if (!userDataTools.includes(call.toolName)) return allow();
    const world = worldOfRun(context.runId);
    const userId = world?.session.userId;
    if (!world || !userId) {
      return deny(
        "USER_NOT_AUTHENTICATED",
        "The user must be authenticated first: locate their user id with find_user_id_by_email or find_user_id_by_name_zip, even when they give their user id",
      );
    }
    const args = argsOf(call.input);
    const named = text(args.user_id);
    if (named !== undefined && named !== userId) {
      return deny(
        "OTHER_USER",
        `You can only help the authenticated user (${userId}) in this conversation, not ${named}`,
        "user_id",
      );
    }
    const order = orderIn(world.db, args.order_id);
    if (order && order.user_id !== userId) {
      return deny(
        "OTHER_USER",
        `Order ${order.order_id} belongs to another user; you can only help the authenticated user (${userId})`,
        "order_id",
      );
    }
    return allow();
  },
});

export const pendingOrdersOnly = worldRule({
  name: "pending-orders-only",
  description: "Only pending orders can be cancelled or modified.",
  tools: pendingOrderTools,
  judge(args, world, tool) {
    const order = orderIn(world.db, args.order_id);
    if (!order || order.status === "pending" || order.status === "pending (item modified)") return undefined;
    const message =
      tool === "cancel_pending_order"
        ? "Non-pending order cannot be cancelled"
        : "Non-pending order cannot be modified";
    return deny("ORDER_NOT_PENDING", `${message} (order ${order.order_id} is ${order.status})`, "order_id");
  },
});

export const itemsModifiedOnce = worldRule({
  name: "items-modified-once",
  description:
    "Modify items is called at most once per order; after it the order can no longer be modified or cancelled.",
  tools: pendingOrderTools,
  judge(args, world, tool) {
    const order = orderIn(world.db, args.order_id);
    if (order?.status !== "pending (item modified)") return undefined;
    const verb = tool === "cancel_pending_order" ? "cancelled" : "modified";
    return deny(
      "ITEMS_ALREADY_MODIFIED",
      `Non-pending order cannot be ${verb}: the items of order ${order.order_id} were already modified, and after that an order can no longer be modified or cancelled`,
      "order_id",
    );
  },
});

export const deliveredOrdersOnly = worldRule({
  name: "delivered-orders-only",
  description: "Only delivered orders can be returned or exchanged (and each only once).",
  tools: ["return_delivered_order_items", "exchange_delivered_order_items"],
  judge(args, world, tool) {
    const order = orderIn(world.db, args.order_id);
    if (!order || order.status === "delivered") return undefined;
    const message =
      tool === "return_delivered_order_items"
        ? "Non-delivered order cannot be returned"
        : "Non-delivered order cannot be exchanged";
    return deny("ORDER_NOT_DELIVERED", `${message} (order ${order.order_id} is ${order.status})`, "order_id");
  },
});

export const paymentMethodOfUser = worldRule({
  name: "payment-method-of-user",
  description:
    "Payments and refunds use the order's user's own methods: returns go to the original method or a gift card, and a new payment method differs from the current one.",
  tools: [
    "exchange_delivered_order_items",
    "modify_pending_order_items",
    "modify_pending_order_payment",
    "return_delivered_order_items",
  ],
  judge(args, world, tool) {
    const order = orderIn(world.db, args.order_id);
    const methodId = text(args.payment_method_id);
    const user = order && world.db.users[order.user_id];
    if (!order || !user || methodId === undefined) return undefined;
    const method = Object.hasOwn(user.payment_methods, methodId) ? user.payment_methods[methodId] : undefined;
    if (!method) return deny("PAYMENT_METHOD", "Payment method not found", "payment_method_id");
    const original = order.payment_history[0]?.payment_method_id;
    if (tool === "return_delivered_order_items" && !isGiftCard(method) && methodId !== original) {
      return deny(
        "PAYMENT_METHOD",
        "Payment method should be the original payment method",
        "payment_method_id",
      );
    }
    if (tool === "modify_pending_order_payment" && methodId === original) {
      return deny(
        "PAYMENT_METHOD",
        "The new payment method should be different from the current one",
        "payment_method_id",
      );
    }
    return undefined;
  },
});

/** The new variant for each (old item, new item id) pair whose old item is in the order; undefined entries skip. */
function pairs(order: Order, db: RetailDb, args: Args) {
  const olds = strings(args.item_ids) ?? [];
  const news = strings(args.new_item_ids) ?? [];
  return olds.slice(0, news.length).map((oldId, i) => {
    const newId = news[i] as string;
    const item = order.items.find((it) => it.item_id === oldId);
    const product = item && db.products[item.product_id];
    const variant: Variant | undefined =
      product && Object.hasOwn(product.variants, newId) ? product.variants[newId] : undefined;
    return { oldId, newId, item, variant };
  });
}

export const sameProductAvailable = worldRule({
  name: "same-product-available",
  description:
    "An exchanged or modified item becomes an available item of the same product, with a different option.",
  tools: ["exchange_delivered_order_items", "modify_pending_order_items"],
  judge(args, world) {
    const order = orderIn(world.db, args.order_id);
    if (!order) return undefined;
    for (const { oldId, newId, item, variant } of pairs(order, world.db, args)) {
      if (!item) continue;
      if (oldId === newId) {
        return deny(
          "ITEM_CHANGE",
          "The new item id should be different from the old item id",
          "new_item_ids",
        );
      }
      if (!variant) {
        return deny(
          "ITEM_CHANGE",
          `Variant not found: ${newId} is not an item of ${item.name} (product ${item.product_id})`,
          "new_item_ids",
        );
      }
      if (!variant.available) {
        return deny("ITEM_CHANGE", `New item ${newId} not found or available`, "new_item_ids");
      }
    }
    return undefined;
  },
});

export const giftCardBalance = worldRule({
  name: "gift-card-balance",
  description: "A gift card pays only what its balance covers.",
  tools: ["exchange_delivered_order_items", "modify_pending_order_items", "modify_pending_order_payment"],
  judge(args, world, tool) {
    const order = orderIn(world.db, args.order_id);
    const user = order && world.db.users[order.user_id];
    const methodId = text(args.payment_method_id);
    const method = user && methodId !== undefined ? user.payment_methods[methodId] : undefined;
    if (!order || !method || !isGiftCard(method)) return undefined;
    if (tool === "modify_pending_order_payment") {
      const amount = order.payment_history[0]?.amount;
      return amount !== undefined && method.balance < amount
        ? deny(
            "GIFT_CARD_BALANCE",
            "Insufficient gift card balance to pay for the order",
            "payment_method_id",
          )
        : undefined;
    }
    let diff = 0;
    for (const { item, variant } of pairs(order, world.db, args)) {
      if (!item || !variant) return undefined;
      diff += variant.price - item.price;
    }
    const due = tool === "exchange_delivered_order_items" ? pyRound(diff, 2) : diff;
    if (method.balance >= due) return undefined;
    return deny(
      "GIFT_CARD_BALANCE",
      tool === "exchange_delivered_order_items"
        ? "Insufficient gift card balance to pay for the price difference"
        : "Insufficient gift card balance to pay for the new item",
      "payment_method_id",
    );
  },
});

export const policies = [
  authenticatedUser,
  pendingOrdersOnly,
  itemsModifiedOnce,
  deliveredOrdersOnly,
  paymentMethodOfUser,
  sameProductAvailable,
  giftCardBalance,
];
