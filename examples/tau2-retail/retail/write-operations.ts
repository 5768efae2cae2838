// τ²'s seven write tools, on a plain-JSON database: the same checks in the same order, the same error messages, the
// same mutations (including what a check failing half-way leaves behind) and the same float arithmetic (Python's
// round(x, 2)). See the README's closing notes for what looks wrong in them; it is reproduced, not fixed.

import {
  copy,
  count,
  dumpOrder,
  fail,
  getOrder,
  getPaymentMethod,
  getUser,
  getVariant,
  isPendingOrder,
} from "./db.js";
import { pyRound, pySorted } from "./python.js";
import { type Address, isGiftCard, type OrderPayment, type RetailDb, type Variant } from "./types.js";

export const cancelReasons = ["no longer needed", "ordered by mistake"] as const;

export function cancelPendingOrder(db: RetailDb, args: { order_id: string; reason: string }) {
  const order = getOrder(db, args.order_id);
  if (order.status !== "pending") fail("Non-pending order cannot be cancelled");
  if (!(cancelReasons as readonly string[]).includes(args.reason)) fail("Invalid reason");
  const refunds: OrderPayment[] = [];
  for (const payment of order.payment_history) {
    refunds.push({
      transaction_type: "refund",
      amount: payment.amount,
      payment_method_id: payment.payment_method_id,
    });
    const user = getUser(db, order.user_id);
    const method = getPaymentMethod(db, user.user_id, payment.payment_method_id);
    if (isGiftCard(method)) method.balance = pyRound(method.balance + payment.amount, 2);
  }
  order.status = "cancelled";
  order.cancel_reason = args.reason;
  order.payment_history.push(...refunds);
  return dumpOrder(order);
}

interface ItemChange {
  order_id: string;
  item_ids: string[];
  new_item_ids: string[];
  payment_method_id: string;
}

export function exchangeDeliveredOrderItems(db: RetailDb, args: ItemChange) {
  const order = getOrder(db, args.order_id);
  if (order.status !== "delivered") fail("Non-delivered order cannot be exchanged");
  const allItemIds = order.items.map((item) => item.item_id);
  for (const itemId of args.item_ids) {
    if (count(args.item_ids, itemId) > count(allItemIds, itemId)) fail(`Number of ${itemId} not found.`);
  }
  if (args.item_ids.length !== args.new_item_ids.length)
    fail("The number of items to be exchanged should match.");
  let diff = 0;
  for (const [i, itemId] of args.item_ids.entries()) {
    const newItemId = args.new_item_ids[i] as string;
    const item = order.items.find((it) => it.item_id === itemId) ?? fail(`Item ${itemId} not found`);
    const variant = getVariant(db, item.product_id, newItemId);
    if (!variant.available) fail(`New item ${newItemId} not found or available`);
    diff += variant.price - item.price;
  }
  diff = pyRound(diff, 2);
  const method = getPaymentMethod(db, order.user_id, args.payment_method_id);
  if (isGiftCard(method) && method.balance < diff) {
    fail("Insufficient gift card balance to pay for the price difference");
  }
  order.status = "exchange requested";
  order.exchange_items = pySorted(args.item_ids);
  order.exchange_new_items = pySorted(args.new_item_ids);
  order.exchange_payment_method_id = args.payment_method_id;
  order.exchange_price_difference = diff;
  return dumpOrder(order);
}

type AddressArgs = Address;

/** The UserAddress model, fields in its order. */
const addressOf = (args: AddressArgs): Address => ({
  address1: args.address1,
  address2: args.address2,
  city: args.city,
  country: args.country,
  state: args.state,
  zip: args.zip,
});

export function modifyPendingOrderAddress(db: RetailDb, args: AddressArgs & { order_id: string }) {
  const order = getOrder(db, args.order_id);
  if (!isPendingOrder(order)) fail("Non-pending order cannot be modified");
  order.address = addressOf(args);
  return dumpOrder(order);
}

/**
 * As τ² has it: every modified item takes the price and options of the *last* new variant in the list (the loop
 * that applies the change reuses the variable left over from the checking loop). Reproduced because the gold states
 * are produced by this code; see the README.
 */
export function modifyPendingOrderItems(db: RetailDb, args: ItemChange) {
  const order = getOrder(db, args.order_id);
  if (order.status !== "pending") fail("Non-pending order cannot be modified");
  const allItemIds = order.items.map((item) => item.item_id);
  for (const itemId of args.item_ids) {
    if (count(args.item_ids, itemId) > count(allItemIds, itemId)) fail(`${itemId} not found`);
  }
  if (args.item_ids.length !== args.new_item_ids.length)
    fail("The number of items to be exchanged should match");
  let diff = 0;
  let variant: Variant | undefined;
  for (const [i, itemId] of args.item_ids.entries()) {
    const newItemId = args.new_item_ids[i] as string;
    if (itemId === newItemId) fail("The new item id should be different from the old item id");
    const item = order.items.find((it) => it.item_id === itemId) ?? fail(`Item ${itemId} not found`);
    variant = getVariant(db, item.product_id, newItemId);
    if (!variant.available) fail(`New item ${newItemId} not found or available`);
    diff += variant.price - item.price;
  }
  const method = getPaymentMethod(db, order.user_id, args.payment_method_id);
  if (isGiftCard(method) && method.balance < diff)
    fail("Insufficient gift card balance to pay for the new item");
  order.payment_history.push({
    transaction_type: diff > 0 ? "payment" : "refund",
    amount: Math.abs(diff),
    payment_method_id: args.payment_method_id,
  });
  if (isGiftCard(method)) method.balance = pyRound(method.balance - diff, 2);
  for (const [i, itemId] of args.item_ids.entries()) {
    const item = order.items.find((it) => it.item_id === itemId) ?? fail(`Item ${itemId} not found`);
    const last = variant as Variant;
    item.item_id = args.new_item_ids[i] as string;
    item.price = last.price;
    item.options = copy(last.options);
  }
  order.status = "pending (item modified)";
  return dumpOrder(order);
}

export function modifyPendingOrderPayment(
  db: RetailDb,
  args: { order_id: string; payment_method_id: string },
) {
  const order = getOrder(db, args.order_id);
  if (!isPendingOrder(order)) fail("Non-pending order cannot be modified");
  const method = getPaymentMethod(db, order.user_id, args.payment_method_id);
  const first = order.payment_history[0];
  if (order.payment_history.length !== 1 || first?.transaction_type !== "payment") {
    fail("There should be exactly one payment for a pending order");
  }
  const original = first as OrderPayment;
  if (original.payment_method_id === args.payment_method_id) {
    fail("The new payment method should be different from the current one");
  }
  const amount = original.amount;
  if (isGiftCard(method) && method.balance < amount)
    fail("Insufficient gift card balance to pay for the order");
  order.payment_history.push(
    { transaction_type: "payment", amount, payment_method_id: args.payment_method_id },
    { transaction_type: "refund", amount, payment_method_id: original.payment_method_id },
  );
  if (isGiftCard(method)) method.balance = pyRound(method.balance - amount, 2);
  const previous = getPaymentMethod(db, order.user_id, original.payment_method_id);
  if (isGiftCard(previous)) previous.balance = pyRound(previous.balance + amount, 2);
  return dumpOrder(order);
}

export function modifyUserAddress(db: RetailDb, args: AddressArgs & { user_id: string }) {
  const user = getUser(db, args.user_id);
  user.address = addressOf(args);
  return copy(user);
}

export function returnDeliveredOrderItems(
  db: RetailDb,
  args: { order_id: string; item_ids: string[]; payment_method_id: string },
) {
  const order = getOrder(db, args.order_id);
  if (order.status !== "delivered") fail("Non-delivered order cannot be returned");
  const user = getUser(db, order.user_id);
  const method = getPaymentMethod(db, user.user_id, args.payment_method_id);
  if (!isGiftCard(method)) {
    const original = order.payment_history[0] ?? fail("list index out of range");
    if (args.payment_method_id !== original.payment_method_id) {
      fail("Payment method should be the original payment method");
    }
  }
  const allItemIds = order.items.map((item) => item.item_id);
  for (const itemId of args.item_ids) {
    if (count(args.item_ids, itemId) > count(allItemIds, itemId)) fail("Some item not found");
  }
  order.status = "return requested";
  order.return_items = pySorted(args.item_ids);
  order.return_payment_method_id = args.payment_method_id;
  return dumpOrder(order);
}
