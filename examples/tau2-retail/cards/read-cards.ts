import { z } from "zod";
import {
  calculate,
  findUserIdByEmail,
  findUserIdByNameZip,
  getItemDetails,
  getOrderDetails,
  getProductDetails,
  getUserDetails,
  listAllProductTypes,
} from "../retail/read-operations.js";
import type { RetailWorld } from "../retail/world.js";
import { retailCard } from "./card.js";
import { fields, orderSchema, productSchema, userSchema, variantSchema } from "./schemas.js";

/** A located user becomes the run's authenticated user, unless one already is (one user per conversation). */
function authenticate(world: RetailWorld, userId: string): string {
  world.session.userId ??= userId;
  return userId;
}

const forUserData = "Only after the user is authenticated, and only for that user's own data.";

export const findUserIdByEmailCard = retailCard({
  name: "find_user_id_by_email",
  purpose: "Find a user's id from their email address; the user is then authenticated for this conversation.",
  effect: "read",
  input: z.strictObject({
    email: z.string().describe("The user's email, such as 'something@example.com'."),
  }),
  output: z.string(),
  safeUse: [
    "At the start of every conversation, to authenticate the user, even when they give their user id.",
  ],
  unsafeUse: ["To look up anyone other than the person you are talking to."],
  idempotent: true,
  run: (world, input) => authenticate(world, findUserIdByEmail(world.db, input)),
});

export const findUserIdByNameZipCard = retailCard({
  name: "find_user_id_by_name_zip",
  purpose:
    "Find a user's id from first name, last name and zip code; the user is then authenticated for this conversation.",
  effect: "read",
  input: z.strictObject({
    first_name: z.string().describe("The user's first name, such as 'John'."),
    last_name: z.string().describe("The user's last name, such as 'Doe'."),
    zip: z.string().describe("The user's zip code, such as '12345'."),
  }),
  output: z.string(),
  safeUse: ["To authenticate the user when they cannot give their email or it is not found."],
  unsafeUse: [
    "By default: try the email first.",
    "To look up anyone other than the person you are talking to.",
  ],
  idempotent: true,
  run: (world, input) => authenticate(world, findUserIdByNameZip(world.db, input)),
});

export const getOrderDetailsCard = retailCard({
  name: "get_order_details",
  purpose: "Get the status and details of an order.",
  effect: "read",
  input: z.strictObject({ order_id: fields.orderId }),
  output: orderSchema,
  safeUse: [
    "To check an order's status before any change to it, and to answer the user's questions about it.",
  ],
  unsafeUse: [forUserData],
  idempotent: true,
  run: (world, input) => getOrderDetails(world.db, input),
});

export const getProductDetailsCard = retailCard({
  name: "get_product_details",
  purpose: "Get a product's inventory: every variant item with its options, availability and price.",
  effect: "read",
  input: z.strictObject({ product_id: fields.productId }),
  output: productSchema,
  safeUse: ["To find an available item of the same product for an exchange or a modification."],
  unsafeUse: ["With an item id: product ids and item ids are different."],
  idempotent: true,
  run: (world, input) => getProductDetails(world.db, input),
});

export const getItemDetailsCard = retailCard({
  name: "get_item_details",
  purpose: "Get one item's inventory details: options, availability and price.",
  effect: "read",
  input: z.strictObject({ item_id: fields.itemId }),
  output: variantSchema,
  safeUse: ["To check one item's availability or price."],
  unsafeUse: ["With a product id: item ids and product ids are different."],
  idempotent: true,
  run: (world, input) => getItemDetails(world.db, input),
});

export const getUserDetailsCard = retailCard({
  name: "get_user_details",
  purpose: "Get a user's profile: address, email, payment methods and order ids.",
  effect: "read",
  input: z.strictObject({ user_id: fields.userId }),
  output: userSchema,
  safeUse: ["To list the user's orders and payment methods once they are authenticated."],
  unsafeUse: [forUserData],
  idempotent: true,
  run: (world, input) => getUserDetails(world.db, input),
});

export const listAllProductTypesCard = retailCard({
  name: "list_all_product_types",
  purpose:
    "List the name and product id of every product type (there are 50), as a JSON object sorted by name.",
  effect: "read",
  input: z.strictObject({}),
  output: z.string(),
  safeUse: ["To find the product id of a product type the user names."],
  unsafeUse: ["To answer questions about a specific item: use get_product_details."],
  idempotent: true,
  run: (world) => listAllProductTypes(world.db),
});

/** Changes nothing and reads nothing: `read` is the card model's class for a call without side effects. */
export const calculateCard = retailCard({
  name: "calculate",
  purpose: "Calculate a mathematical expression; the result is rounded to 2 decimals.",
  effect: "read",
  input: z.strictObject({
    expression: z
      .string()
      .describe(
        "The expression, such as '2 + 2': numbers, the operators + - * /, parentheses and spaces only.",
      ),
  }),
  output: z.string(),
  safeUse: ["For refunds, price differences and totals, instead of computing them in your head."],
  unsafeUse: ["With anything but numbers, operators, parentheses and spaces."],
  idempotent: true,
  run: (_world, input) => calculate(input),
});
