// The tool cards of the τ² retail suite: τ²'s sixteen retail tools, `respond_to_user` (the conversation with the
// customer) and `think` (registered, not allowed by the charter, as in τ²'s retail toolkit).
import { respondToUserCard, thinkCard, transferToHumanAgentsCard } from "./cards/other-cards.js";
import {
  calculateCard,
  findUserIdByEmailCard,
  findUserIdByNameZipCard,
  getItemDetailsCard,
  getOrderDetailsCard,
  getProductDetailsCard,
  getUserDetailsCard,
  listAllProductTypesCard,
} from "./cards/read-cards.js";
import {
  cancelPendingOrderCard,
  exchangeDeliveredOrderItemsCard,
  modifyPendingOrderAddressCard,
  modifyPendingOrderItemsCard,
  modifyPendingOrderPaymentCard,
  modifyUserAddressCard,
  returnDeliveredOrderItemsCard,
} from "./cards/write-cards.js";
import { retailEnvironment } from "./retail/world.js";

export const tools = [
  calculateCard,
  cancelPendingOrderCard,
  exchangeDeliveredOrderItemsCard,
  findUserIdByEmailCard,
  findUserIdByNameZipCard,
  getItemDetailsCard,
  getOrderDetailsCard,
  getProductDetailsCard,
  getUserDetailsCard,
  listAllProductTypesCard,
  modifyPendingOrderAddressCard,
  modifyPendingOrderItemsCard,
  modifyPendingOrderPaymentCard,
  modifyUserAddressCard,
  returnDeliveredOrderItemsCard,
  transferToHumanAgentsCard,
  respondToUserCard,
  thinkCard,
];

/** The world `reins run examples/tau2-retail` acts on: a fresh copy of db.json, a solo run (no customer on the line). */
export const createEnv = () => retailEnvironment().create(undefined);
