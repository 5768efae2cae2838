import { z } from "zod";

// Output schemas of the τ² retail records. Loose objects: a record keeps every field it has (τ²'s dumps include
// more than these), and an answer that breaks one is blocked as abnormal data.

export const addressSchema = z.looseObject({
  address1: z.string(),
  address2: z.string(),
  city: z.string(),
  country: z.string(),
  state: z.string(),
  zip: z.string(),
});

export const variantSchema = z.looseObject({
  item_id: z.string(),
  options: z.record(z.string(), z.string()),
  available: z.boolean(),
  price: z.number(),
});

export const productSchema = z.looseObject({
  name: z.string(),
  product_id: z.string(),
  variants: z.record(z.string(), variantSchema),
});

export const userSchema = z.looseObject({
  user_id: z.string(),
  name: z.looseObject({ first_name: z.string(), last_name: z.string() }),
  address: addressSchema,
  email: z.string(),
  payment_methods: z.record(z.string(), z.looseObject({ source: z.string(), id: z.string() })),
  orders: z.array(z.string()),
});

export const orderSchema = z.looseObject({
  order_id: z.string(),
  user_id: z.string(),
  address: addressSchema,
  items: z.array(
    z.looseObject({
      name: z.string(),
      product_id: z.string(),
      item_id: z.string(),
      price: z.number(),
      options: z.record(z.string(), z.string()),
    }),
  ),
  status: z.string(),
  fulfillments: z.array(z.looseObject({ tracking_id: z.array(z.string()), item_ids: z.array(z.string()) })),
  payment_history: z.array(
    z.looseObject({ transaction_type: z.string(), amount: z.number(), payment_method_id: z.string() }),
  ),
});

const orderId = z
  .string()
  .describe("The order id, such as '#W0000000' (it starts with a '#', which is part of the id).");
const itemIds = (what: string) =>
  z
    .array(z.string())
    .describe(`The item ids ${what}, each such as '1008292230'. The same id may appear more than once.`);
const paymentMethodId = z
  .string()
  .describe(
    "The payment method id, such as 'gift_card_0000000' or 'credit_card_0000000' (from the user's or the order's details).",
  );

export const fields = {
  orderId,
  itemIds,
  paymentMethodId,
  userId: z.string().describe("The user id, such as 'sara_doe_496'."),
  productId: z
    .string()
    .describe("The product id, such as '6086499569'. A product id is not an item id: do not mix them up."),
  itemId: z
    .string()
    .describe("The item id, such as '6086499569'. An item id is not a product id: do not mix them up."),
  address: {
    address1: z.string().describe("First line of the address, such as '123 Main St'."),
    address2: z.string().describe("Second line of the address, such as 'Apt 1', or ''."),
    city: z.string().describe("The city, such as 'San Francisco'."),
    state: z.string().describe("The state, such as 'CA'."),
    country: z.string().describe("The country, such as 'USA'."),
    zip: z.string().describe("The zip code, such as '12345'."),
  },
};
