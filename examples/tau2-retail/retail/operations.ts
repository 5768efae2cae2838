import {
  calculate,
  findUserIdByEmail,
  findUserIdByNameZip,
  getItemDetails,
  getOrderDetails,
  getProductDetails,
  getUserDetails,
  listAllProductTypes,
  think,
  transferToHumanAgents,
} from "./read-operations.js";
import type { RetailDb } from "./types.js";
import {
  cancelPendingOrder,
  exchangeDeliveredOrderItems,
  modifyPendingOrderAddress,
  modifyPendingOrderItems,
  modifyPendingOrderPayment,
  modifyUserAddress,
  returnDeliveredOrderItems,
} from "./write-operations.js";

// biome-ignore lint/suspicious/noExplicitAny: each operation checks its own arguments; this table is keyed by name.
type Operation = (db: RetailDb, args: any) => unknown;

/** τ²'s retail tools by name (plus `think`, which τ²'s retail toolkit has commented out). */
export const operations: Record<string, Operation> = {
  calculate: (_db, args) => calculate(args),
  cancel_pending_order: cancelPendingOrder,
  exchange_delivered_order_items: exchangeDeliveredOrderItems,
  find_user_id_by_email: findUserIdByEmail,
  find_user_id_by_name_zip: findUserIdByNameZip,
  get_item_details: getItemDetails,
  get_order_details: getOrderDetails,
  get_product_details: getProductDetails,
  get_user_details: getUserDetails,
  list_all_product_types: (db) => listAllProductTypes(db),
  modify_pending_order_address: modifyPendingOrderAddress,
  modify_pending_order_items: modifyPendingOrderItems,
  modify_pending_order_payment: modifyPendingOrderPayment,
  modify_user_address: modifyUserAddress,
  return_delivered_order_items: returnDeliveredOrderItems,
  transfer_to_human_agents: (_db, args) => transferToHumanAgents(args),
  think: (_db, args) => think(args),
};

/** The seven tools that change the database (τ²'s ToolType.WRITE). */
export const writeTools = [
  "cancel_pending_order",
  "exchange_delivered_order_items",
  "modify_pending_order_address",
  "modify_pending_order_items",
  "modify_pending_order_payment",
  "modify_user_address",
  "return_delivered_order_items",
] as const;

/** τ²'s sixteen retail tools, as the agent is offered them. */
export const tau2ToolNames = [
  "calculate",
  "cancel_pending_order",
  "exchange_delivered_order_items",
  "find_user_id_by_email",
  "find_user_id_by_name_zip",
  "get_item_details",
  "get_order_details",
  "get_product_details",
  "get_user_details",
  "list_all_product_types",
  "modify_pending_order_address",
  "modify_pending_order_items",
  "modify_pending_order_payment",
  "modify_user_address",
  "return_delivered_order_items",
  "transfer_to_human_agents",
] as const;
