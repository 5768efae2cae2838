/** The retail database as τ² ships it in `db.json`: products with variants, users, orders. */
export type RetailDb = {
  products: Record<string, Product>;
  users: Record<string, User>;
  orders: Record<string, Order>;
};

export type Variant = {
  item_id: string;
  options: Record<string, string>;
  available: boolean;
  price: number;
};

export type Product = {
  name: string;
  product_id: string;
  variants: Record<string, Variant>;
};

export type Address = {
  address1: string;
  address2: string;
  city: string;
  country: string;
  state: string;
  zip: string;
};

export type PaymentMethod =
  | { source: "credit_card"; id: string; brand: string; last_four: string }
  | { source: "paypal"; id: string }
  | { source: "gift_card"; id: string; balance: number };

export type GiftCard = Extract<PaymentMethod, { source: "gift_card" }>;

export type User = {
  user_id: string;
  name: { first_name: string; last_name: string };
  address: Address;
  email: string;
  payment_methods: Record<string, PaymentMethod>;
  orders: string[];
};

export type OrderItem = {
  name: string;
  product_id: string;
  item_id: string;
  price: number;
  options: Record<string, string>;
};

export type OrderPayment = {
  transaction_type: "payment" | "refund";
  amount: number;
  payment_method_id: string;
};

export type Order = {
  order_id: string;
  user_id: string;
  address: Address;
  items: OrderItem[];
  status: string;
  fulfillments: { tracking_id: string[]; item_ids: string[] }[];
  payment_history: OrderPayment[];
  cancel_reason?: string;
  exchange_items?: string[];
  exchange_new_items?: string[];
  exchange_payment_method_id?: string;
  exchange_price_difference?: number;
  return_items?: string[];
  return_payment_method_id?: string;
};

/** The optional order fields τ²'s Order model always dumps (as null when unset), in the model's order. */
/** An order as τ²'s tools return it: every optional field present, null when unset. */
export type OrderDump = Omit<Order, (typeof optionalOrderFields)[number]> & {
  [K in (typeof optionalOrderFields)[number]]-?: NonNullable<Order[K]> | null;
};

export const optionalOrderFields = [
  "cancel_reason",
  "exchange_items",
  "exchange_new_items",
  "exchange_payment_method_id",
  "exchange_price_difference",
  "return_items",
  "return_payment_method_id",
] as const;

export const isGiftCard = (method: PaymentMethod): method is GiftCard => method.source === "gift_card";
