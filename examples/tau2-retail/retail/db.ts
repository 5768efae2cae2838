import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dataDir } from "../paths.js";
import {
  type Order,
  type OrderDump,
  optionalOrderFields,
  type PaymentMethod,
  type Product,
  type RetailDb,
  type User,
  type Variant,
} from "./types.js";

/**
 * An error a τ² tool raises (`ValueError` in Python). τ² hands `Error: <message>` back to the agent as the tool's
 * result; here the card lets it fail with exactly this message and the charter passes it on (recovery
 * `toolFailure: continue`).
 */
export class Tau2Error extends Error {
  override readonly name = "Tau2Error";
}

export const fail = (message: string): never => {
  throw new Tau2Error(message);
};

const loaded = new Map<string, Readonly<RetailDb>>();

/**
 * The retail database, parsed once per file and frozen: every world is a `structuredClone` of it, so a trial can
 * never change the shared copy. Default: `db.json` in the data folder (see `dataDir`).
 */
export function loadRetailDb(file = join(dataDir(), "db.json")): Readonly<RetailDb> {
  const cached = loaded.get(file);
  if (cached) return cached;
  const db = deepFreeze(JSON.parse(readFileSync(file, "utf8")) as RetailDb);
  loaded.set(file, db);
  return db;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const has = (record: object, key: string) => Object.hasOwn(record, key);

// τ²'s private lookups (RetailTools._get_*), with their error messages.

export function getOrder(db: RetailDb, orderId: string): Order {
  return has(db.orders, orderId) ? (db.orders[orderId] as Order) : fail("Order not found");
}

export function getUser(db: RetailDb, userId: string): User {
  return has(db.users, userId) ? (db.users[userId] as User) : fail("User not found");
}

export function getProduct(db: RetailDb, productId: string): Product {
  return has(db.products, productId) ? (db.products[productId] as Product) : fail("Product not found");
}

export function getItem(db: RetailDb, itemId: string): Variant {
  for (const product of Object.values(db.products)) {
    if (has(product.variants, itemId)) return product.variants[itemId] as Variant;
  }
  return fail("Item not found");
}

export function getVariant(db: RetailDb, productId: string, variantId: string): Variant {
  const product = getProduct(db, productId);
  return has(product.variants, variantId)
    ? (product.variants[variantId] as Variant)
    : fail("Variant not found");
}

export function getPaymentMethod(db: RetailDb, userId: string, paymentMethodId: string): PaymentMethod {
  const user = getUser(db, userId);
  return has(user.payment_methods, paymentMethodId)
    ? (user.payment_methods[paymentMethodId] as PaymentMethod)
    : fail("Payment method not found");
}

/** τ²'s loose pending check (`"pending" in order.status`), used by the address and payment modifications. */
export const isPendingOrder = (order: Order) => order.status.includes("pending");

/** How many times `value` occurs in `list` (Python's `list.count`). */
export const count = (list: readonly string[], value: string) => list.filter((v) => v === value).length;

/** What τ² returns for an order: the Order model's dump, every optional field present (null when unset). */
export function dumpOrder(order: Order): OrderDump {
  const out: Record<string, unknown> = structuredClone({
    order_id: order.order_id,
    user_id: order.user_id,
    address: order.address,
    items: order.items,
    status: order.status,
    fulfillments: order.fulfillments,
    payment_history: order.payment_history,
  });
  for (const field of optionalOrderFields) out[field] = structuredClone(order[field] ?? null);
  return out as OrderDump;
}

/** A detached copy of a record, so that a tool's result never aliases the live world. */
export const copy = <T>(value: T): T => structuredClone(value);
