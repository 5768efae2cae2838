import { Tau2Error } from "../retail/db.js";
import { operations, writeTools } from "../retail/operations.js";
import type { Order, RetailDb, User } from "../retail/types.js";
import type { Tau2Action } from "./tasks.js";

export interface GoldFailure {
  /** Position in `evaluation_criteria.actions`. */
  index: number;
  action: Tau2Action;
  /** τ²'s error message. */
  error: string;
  /** Whether the failed call changed the database before it raised (then it cannot be left out). */
  changedDb: boolean;
}

const isWrite = (name: string) => (writeTools as readonly string[]).includes(name);

/**
 * The gold writes that raise when τ²'s actions are replayed in order (τ²'s evaluator logs them and carries on; the
 * gold database is the same with or without them, unless one changed something before raising). Replayed on a
 * sparse copy — the orders and users the actions name, products shared read-only — since the writes touch nothing
 * else; reads are skipped, they change nothing.
 */
export function goldFailures(actions: readonly Tau2Action[], base: Readonly<RetailDb>): GoldFailure[] {
  const writes = actions
    .map((action, index) => ({ action, index }))
    .filter(({ action }) => isWrite(action.name));
  if (writes.length === 0) return [];
  const db: RetailDb = { products: base.products as RetailDb["products"], users: {}, orders: {} };
  const addUser = (id: unknown) => {
    if (typeof id === "string" && Object.hasOwn(base.users, id))
      db.users[id] = structuredClone(base.users[id] as User);
  };
  for (const { action } of writes) {
    const orderId = action.arguments.order_id;
    if (typeof orderId === "string" && Object.hasOwn(base.orders, orderId)) {
      const order = structuredClone(base.orders[orderId] as Order);
      db.orders[orderId] = order;
      addUser(order.user_id);
    }
    addUser(action.arguments.user_id);
  }
  const failures: GoldFailure[] = [];
  for (const { action, index } of writes) {
    const before = JSON.stringify([db.users, db.orders]);
    try {
      operations[action.name]?.(db, action.arguments);
    } catch (error) {
      if (!(error instanceof Tau2Error)) throw error;
      const changedDb = JSON.stringify([db.users, db.orders]) !== before;
      failures.push({ index, action, error: error.message, changedDb });
    }
  }
  return failures;
}
