import { z } from "zod";
import {
  cancelPendingOrder,
  cancelReasons,
  exchangeDeliveredOrderItems,
  modifyPendingOrderAddress,
  modifyPendingOrderItems,
  modifyPendingOrderPayment,
  modifyUserAddress,
  returnDeliveredOrderItems,
} from "../retail/write-operations.js";
import { retailCard } from "./card.js";
import { fields, orderSchema, userSchema } from "./schemas.js";

// The seven τ² writes are actions: they change the system of record. Each needs the user's explicit "yes" to the
// details first; the policy gate (policies.ts, charter.yaml) checks what can be checked without judgement.

const confirmed = "After listing the details to the user and getting an explicit yes.";
const itemChange = {
  order_id: fields.orderId,
  item_ids: fields.itemIds("to change"),
  new_item_ids: fields.itemIds("to change them to, in the same positions; each of the same product"),
  payment_method_id: fields.paymentMethodId.describe(
    "The payment method that pays or receives the price difference (a gift card must cover it).",
  ),
};

export const cancelPendingOrderCard = retailCard({
  name: "cancel_pending_order",
  purpose:
    "Cancel a pending order and refund it: at once to a gift card, otherwise in 5-7 business days. Returns the order.",
  effect: "action",
  input: z.strictObject({
    order_id: fields.orderId,
    reason: z.string().describe(`Why: ${cancelReasons.map((r) => `'${r}'`).join(" or ")}.`),
  }),
  output: orderSchema,
  safeUse: [`For a pending order, with one of the two reasons. ${confirmed}`],
  unsafeUse: ["On an order that is processed, delivered or already cancelled or modified."],
  idempotent: false,
  run: (world, input) => cancelPendingOrder(world.db, input),
});

export const exchangeDeliveredOrderItemsCard = retailCard({
  name: "exchange_delivered_order_items",
  purpose:
    "Exchange items of a delivered order for other items of the same products; can be done once per order. Returns the order.",
  effect: "action",
  input: z.strictObject(itemChange),
  output: orderSchema,
  safeUse: [`For a delivered order, with every item to exchange in one call. ${confirmed}`],
  unsafeUse: ["On an order that is not delivered, or for a different product type."],
  idempotent: false,
  run: (world, input) => exchangeDeliveredOrderItems(world.db, input),
});

export const modifyPendingOrderAddressCard = retailCard({
  name: "modify_pending_order_address",
  purpose: "Change the shipping address of a pending order. Returns the order.",
  effect: "action",
  input: z.strictObject({ order_id: fields.orderId, ...fields.address }),
  output: orderSchema,
  safeUse: [`For a pending order. ${confirmed}`],
  unsafeUse: ["On an order that is not pending."],
  idempotent: true,
  run: (world, input) => modifyPendingOrderAddress(world.db, input),
});

export const modifyPendingOrderItemsCard = retailCard({
  name: "modify_pending_order_items",
  purpose:
    "Change items of a pending order to other items of the same products; only once per order, after which the order can no longer be changed or cancelled. Returns the order.",
  effect: "action",
  input: z.strictObject(itemChange),
  output: orderSchema,
  safeUse: [`For a pending order, with every item to change in one call. ${confirmed}`],
  unsafeUse: ["A second time on the same order.", "For a different product type."],
  idempotent: false,
  run: (world, input) => modifyPendingOrderItems(world.db, input),
});

export const modifyPendingOrderPaymentCard = retailCard({
  name: "modify_pending_order_payment",
  purpose: "Pay a pending order with another of the user's payment methods. Returns the order.",
  effect: "action",
  input: z.strictObject({
    order_id: fields.orderId,
    payment_method_id: fields.paymentMethodId.describe(
      "The new payment method: different from the current one; a gift card must cover the total.",
    ),
  }),
  output: orderSchema,
  safeUse: [`For a pending order paid once, with a different method of the same user. ${confirmed}`],
  unsafeUse: ["With the current payment method, or a gift card that does not cover the order."],
  idempotent: false,
  run: (world, input) => modifyPendingOrderPayment(world.db, input),
});

export const modifyUserAddressCard = retailCard({
  name: "modify_user_address",
  purpose: "Change a user's default address. Returns the user.",
  effect: "action",
  input: z.strictObject({ user_id: fields.userId, ...fields.address }),
  output: userSchema,
  safeUse: [`For the authenticated user. ${confirmed}`],
  unsafeUse: ["For any other user."],
  idempotent: true,
  run: (world, input) => modifyUserAddress(world.db, input),
});

export const returnDeliveredOrderItemsCard = retailCard({
  name: "return_delivered_order_items",
  purpose:
    "Request the return of items of a delivered order; the user gets an email on how to return them. Returns the order.",
  effect: "action",
  input: z.strictObject({
    order_id: fields.orderId,
    item_ids: fields.itemIds("to return"),
    payment_method_id: fields.paymentMethodId.describe(
      "Where the refund goes: the original payment method or one of the user's gift cards.",
    ),
  }),
  output: orderSchema,
  safeUse: [`For a delivered order, with every item to return. ${confirmed}`],
  unsafeUse: ["On an order that is not delivered, or refunding to another method than allowed."],
  idempotent: false,
  run: (world, input) => returnDeliveredOrderItems(world.db, input),
});
