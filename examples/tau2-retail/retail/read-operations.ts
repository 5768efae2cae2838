// τ²'s read and generic retail tools, on a plain-JSON database. Same lookups, same order, same results and error
// messages as τ²'s RetailTools; results are detached copies.

import { copy, dumpOrder, fail, getItem, getOrder, getProduct, getUser, Tau2Error } from "./db.js";
import { pyFloatRepr, pyJsonDumpsSorted, pyRound } from "./python.js";
import { PythonError, pythonFloatOfExpression } from "./python-eval.js";
import type { RetailDb } from "./types.js";

export function findUserIdByEmail(db: RetailDb, args: { email: string }): string {
  const wanted = args.email.toLowerCase();
  for (const [userId, user] of Object.entries(db.users)) {
    if (user.email.toLowerCase() === wanted) return userId;
  }
  return fail("User not found");
}

export function findUserIdByNameZip(
  db: RetailDb,
  args: { first_name: string; last_name: string; zip: string },
): string {
  const first = args.first_name.toLowerCase();
  const last = args.last_name.toLowerCase();
  for (const [userId, user] of Object.entries(db.users)) {
    if (
      user.name.first_name.toLowerCase() === first &&
      user.name.last_name.toLowerCase() === last &&
      user.address.zip === args.zip
    ) {
      return userId;
    }
  }
  return fail("User not found");
}

export const getOrderDetails = (db: RetailDb, args: { order_id: string }) =>
  dumpOrder(getOrder(db, args.order_id));

export const getProductDetails = (db: RetailDb, args: { product_id: string }) =>
  copy(getProduct(db, args.product_id));

export const getItemDetails = (db: RetailDb, args: { item_id: string }) => copy(getItem(db, args.item_id));

export const getUserDetails = (db: RetailDb, args: { user_id: string }) => copy(getUser(db, args.user_id));

/** A JSON string (Python's `json.dumps(..., sort_keys=True)`) mapping product names to product ids. */
export function listAllProductTypes(db: RetailDb): string {
  const byName: Record<string, string> = {};
  for (const product of Object.values(db.products)) byName[product.name] = product.product_id;
  return pyJsonDumpsSorted(byName);
}

/** `str(round(float(eval(expression)), 2))`, after τ²'s character check. */
export function calculate(args: { expression: string }): string {
  if (![...args.expression].every((ch) => "0123456789+-*/(). ".includes(ch))) {
    fail("Invalid characters in expression");
  }
  try {
    return pyFloatRepr(pyRound(pythonFloatOfExpression(args.expression), 2));
  } catch (error) {
    if (error instanceof PythonError) throw new Tau2Error(error.message);
    throw error;
  }
}

export const transferToHumanAgents = (_args: { summary: string }) => "Transfer successful";

/** τ²'s generic `think` tool (commented out of the retail toolkit): it records nothing and returns "". */
export const think = (_args: { thought: string }) => "";
