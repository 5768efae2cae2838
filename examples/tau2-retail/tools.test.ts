import type { AnyToolCard } from "reins";
import { describe, expect, it } from "vitest";
import { loadRetailDb } from "./retail/db.js";
import type { Order, RetailDb } from "./retail/types.js";
import { type RetailWorld, retailEnvironment } from "./retail/world.js";
import { tools } from "./tools.js";

// Each of τ²'s sixteen retail tools on a few inputs, errors included, with exact results. Expected values were
// worked out from db.json and τ²'s tool code (the state changes also against a transcription of it in Python).

const db = loadRetailDb();
const environment = retailEnvironment();
const freshWorld = () => environment.create(undefined);
const card = (name: string) => tools.find((t) => t.name === name) as AnyToolCard;

type Outcome = { result: unknown } | { error: string };

async function call(name: string, input: unknown, world: RetailWorld = freshWorld()): Promise<Outcome> {
  const tool = card(name);
  try {
    const result = await tool.execute(tool.input.parse(input), {
      runId: "tools-test",
      callId: "call-1",
      idempotencyKey: "tools-test:call-1",
      signal: new AbortController().signal,
      env: world,
    });
    return { result: tool.output.parse(result) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const nulls = {
  cancel_reason: null,
  exchange_items: null,
  exchange_new_items: null,
  exchange_payment_method_id: null,
  exchange_price_difference: null,
  return_items: null,
  return_payment_method_id: null,
};
const order = (id: string) => db.orders[id] as Order;
const productList =
  '{"Action Camera": "3377618313", "Air Purifier": "3821016478", "Backpack": "2524789262", "Bicycle": "9783735446", "Bluetooth Speaker": "4768869376", "Bookshelf": "8600330539", "Coffee Maker": "7996920482", "Cycling Helmet": "7765186836", "Desk Lamp": "6817146515", "Digital Camera": "8940227892", "Dumbbell Set": "7233192239", "E-Reader": "3801771308", "Electric Kettle": "1075968781", "Electric Toothbrush": "7352963235", "Espresso Machine": "4354588079", "Fleece Jacket": "8560156827", "Gaming Mouse": "5713490933", "Garden Hose": "6679515468", "Grill": "6819683148", "Headphones": "6992792935", "Hiking Boots": "7363354090", "Indoor Security Camera": "2985987096", "Jigsaw Puzzle": "1808611083", "LED Light Bulb": "2696197613", "Laptop": "4760268021", "Luggage Set": "5426915165", "Makeup Kit": "5149340237", "Mechanical Keyboard": "1656367028", "Notebook": "2892623495", "Office Chair": "4794339885", "Patio Umbrella": "9743693396", "Perfume": "6858788497", "Pet Bed": "2747247837", "Portable Charger": "6942297802", "Running Shoes": "6938111410", "Skateboard": "1968349452", "Smart Thermostat": "4896585277", "Smart Watch": "6945232052", "Smartphone": "1801728040", "Sneakers": "7471004230", "Sunglasses": "7314138884", "T-Shirt": "9523456873", "Tablet": "8024098596", "Tea Kettle": "9832717871", "Vacuum Cleaner": "1762337868", "Wall Clock": "2344688344", "Water Bottle": "8310926033", "Wireless Earbuds": "9924732112", "Wristwatch": "6066914160", "Yoga Mat": "4635925001"}';
const newAddress = {
  address1: "1 Elm Street",
  address2: "",
  city: "Austin",
  state: "TX",
  country: "USA",
  zip: "78701",
};
const addressInModelOrder = {
  address1: "1 Elm Street",
  address2: "",
  city: "Austin",
  country: "USA",
  state: "TX",
  zip: "78701",
};

/** [tool, input, what τ² answers]. Writes on a fresh copy of db.json each. */
const table: [string, unknown, Outcome][] = [
  ["find_user_id_by_email", { email: "mia.garcia2723@example.com" }, { result: "mia_garcia_4516" }],
  ["find_user_id_by_email", { email: "Mia.Garcia2723@EXAMPLE.com" }, { result: "mia_garcia_4516" }],
  ["find_user_id_by_email", { email: "mia.garcia@example.com" }, { error: "User not found" }],
  [
    "find_user_id_by_name_zip",
    { first_name: "Yusuf", last_name: "Rossi", zip: "19122" },
    { result: "yusuf_rossi_9620" },
  ],
  [
    "find_user_id_by_name_zip",
    { first_name: "yusuf", last_name: "ROSSI", zip: "19122" },
    { result: "yusuf_rossi_9620" },
  ],
  [
    "find_user_id_by_name_zip",
    { first_name: "Yusuf", last_name: "Rossi", zip: "19123" },
    { error: "User not found" },
  ],
  ["get_order_details", { order_id: "#W2378156" }, { result: { ...order("#W2378156"), ...nulls } }],
  ["get_order_details", { order_id: "W2378156" }, { error: "Order not found" }],
  ["get_product_details", { product_id: "1656367028" }, { result: db.products["1656367028"] }],
  ["get_product_details", { product_id: "1151293680" }, { error: "Product not found" }],
  [
    "get_item_details",
    { item_id: "1151293680" },
    { result: db.products["1656367028"]?.variants["1151293680"] },
  ],
  ["get_item_details", { item_id: "1656367028" }, { error: "Item not found" }],
  ["get_user_details", { user_id: "noah_brown_6181" }, { result: db.users.noah_brown_6181 }],
  ["get_user_details", { user_id: "noah_brown" }, { error: "User not found" }],
  ["list_all_product_types", {}, { result: productList }],
  ["calculate", { expression: "2 + 2" }, { result: "4.0" }],
  ["calculate", { expression: "100 / 3" }, { result: "33.33" }],
  ["calculate", { expression: "652.61 + 473.43" }, { result: "1126.04" }],
  ["calculate", { expression: "2.675" }, { result: "2.67" }],
  ["calculate", { expression: "-0.001" }, { result: "-0.0" }],
  ["calculate", { expression: "10**20" }, { result: "1e+20" }],
  ["calculate", { expression: "7//-2" }, { result: "-4.0" }],
  ["calculate", { expression: "1e5" }, { error: "Invalid characters in expression" }],
  ["calculate", { expression: "1/0" }, { error: "division by zero" }],
  ["calculate", { expression: "2+" }, { error: "invalid syntax (<string>, line 1)" }],
  [
    "transfer_to_human_agents",
    { summary: "Wants to undo a cancellation." },
    { result: "Transfer successful" },
  ],
  [
    "cancel_pending_order",
    { order_id: "#W2611340", reason: "no longer needed" },
    { error: "Non-pending order cannot be cancelled" },
  ],
  ["cancel_pending_order", { order_id: "#W6779827", reason: "changed my mind" }, { error: "Invalid reason" }],
  [
    "cancel_pending_order",
    { order_id: "#W0000000", reason: "no longer needed" },
    { error: "Order not found" },
  ],
  [
    "exchange_delivered_order_items",
    {
      order_id: "#W8367380",
      item_ids: ["2444431651"],
      new_item_ids: ["8068777068"],
      payment_method_id: "gift_card_1994993",
    },
    { error: "Non-delivered order cannot be exchanged" },
  ],
  [
    "exchange_delivered_order_items",
    {
      order_id: "#W4689314",
      item_ids: ["5996159312", "5996159312"],
      new_item_ids: ["1804581713", "1804581713"],
      payment_method_id: "credit_card_8105988",
    },
    { error: "Number of 5996159312 not found." },
  ],
  [
    "exchange_delivered_order_items",
    {
      order_id: "#W4689314",
      item_ids: ["5996159312"],
      new_item_ids: [],
      payment_method_id: "credit_card_8105988",
    },
    { error: "The number of items to be exchanged should match." },
  ],
  [
    "exchange_delivered_order_items",
    {
      order_id: "#W4689314",
      item_ids: ["5996159312"],
      new_item_ids: ["8068777068"],
      payment_method_id: "credit_card_8105988",
    },
    { error: "Variant not found" },
  ],
  [
    "exchange_delivered_order_items",
    {
      order_id: "#W4689314",
      item_ids: ["5996159312"],
      new_item_ids: ["3892645120"],
      payment_method_id: "credit_card_8105988",
    },
    { error: "New item 3892645120 not found or available" },
  ],
  [
    "exchange_delivered_order_items",
    {
      order_id: "#W4689314",
      item_ids: ["5996159312"],
      new_item_ids: ["1804581713"],
      payment_method_id: "gift_card_1994993",
    },
    { error: "Payment method not found" },
  ],
  [
    "exchange_delivered_order_items",
    {
      order_id: "#W4316152",
      item_ids: ["7292993796", "7292993796"],
      new_item_ids: ["3761330360", "9647374798"],
      payment_method_id: "gift_card_7245904",
    },
    { error: "Insufficient gift card balance to pay for the price difference" },
  ],
  [
    "modify_pending_order_address",
    { order_id: "#W4689314", ...newAddress },
    { error: "Non-pending order cannot be modified" },
  ],
  [
    "modify_pending_order_items",
    {
      order_id: "#W8367380",
      item_ids: ["2444431651"],
      new_item_ids: ["2444431651"],
      payment_method_id: "gift_card_1994993",
    },
    { error: "The new item id should be different from the old item id" },
  ],
  [
    "modify_pending_order_items",
    {
      order_id: "#W8367380",
      item_ids: ["1151293680"],
      new_item_ids: ["8068777068"],
      payment_method_id: "gift_card_1994993",
    },
    { error: "1151293680 not found" },
  ],
  [
    "modify_pending_order_items",
    {
      order_id: "#W8367380",
      item_ids: ["2444431651"],
      new_item_ids: ["8140269513"],
      payment_method_id: "gift_card_1994993",
    },
    { error: "New item 8140269513 not found or available" },
  ],
  [
    "modify_pending_order_payment",
    { order_id: "#W8367380", payment_method_id: "gift_card_1994993" },
    { error: "Insufficient gift card balance to pay for the order" },
  ],
  [
    "modify_pending_order_payment",
    { order_id: "#W8367380", payment_method_id: "credit_card_5683823" },
    { error: "The new payment method should be different from the current one" },
  ],
  [
    "modify_pending_order_payment",
    { order_id: "#W4689314", payment_method_id: "paypal_8194385" },
    { error: "Non-pending order cannot be modified" },
  ],
  ["modify_user_address", { user_id: "nobody_0000", ...newAddress }, { error: "User not found" }],
  [
    "return_delivered_order_items",
    { order_id: "#W8367380", item_ids: ["2444431651"], payment_method_id: "credit_card_5683823" },
    { error: "Non-delivered order cannot be returned" },
  ],
  [
    "return_delivered_order_items",
    { order_id: "#W4689314", item_ids: ["5996159312"], payment_method_id: "paypal_8194385" },
    { error: "Payment method should be the original payment method" },
  ],
  [
    "return_delivered_order_items",
    { order_id: "#W4689314", item_ids: ["5996159312"], payment_method_id: "paypal_0000000" },
    { error: "Payment method not found" },
  ],
  [
    "return_delivered_order_items",
    { order_id: "#W4689314", item_ids: ["2444431651"], payment_method_id: "credit_card_8105988" },
    { error: "Some item not found" },
  ],
];

describe("τ²'s retail tools, as cards over db.json", () => {
  it("covers the sixteen τ² tools, with their effect classes", () => {
    const offered = tools.filter((t) => !["respond_to_user", "think"].includes(t.name));
    expect(new Set(table.map(([name]) => name))).toEqual(new Set(offered.map((t) => t.name)));
    expect(Object.fromEntries(offered.map((t) => [t.name, t.effect]))).toEqual({
      calculate: "read",
      cancel_pending_order: "action",
      exchange_delivered_order_items: "action",
      find_user_id_by_email: "read",
      find_user_id_by_name_zip: "read",
      get_item_details: "read",
      get_order_details: "read",
      get_product_details: "read",
      get_user_details: "read",
      list_all_product_types: "read",
      modify_pending_order_address: "action",
      modify_pending_order_items: "action",
      modify_pending_order_payment: "action",
      modify_user_address: "action",
      return_delivered_order_items: "action",
      transfer_to_human_agents: "read",
    });
  });

  it.each(table)("%s %j", async (name, input, expected) => {
    const world = freshWorld();
    const before = structuredClone(world.db);
    expect(await call(name, input, world)).toEqual(expected);
    if ("error" in expected) expect(world.db).toEqual(before);
  });

  it("cancels a pending gift-card order: refunded to the card at once, status and reason set", async () => {
    const world = freshWorld();
    const outcome = await call(
      "cancel_pending_order",
      { order_id: "#W6779827", reason: "no longer needed" },
      world,
    );
    const payment = { transaction_type: "payment", amount: 4079.45, payment_method_id: "gift_card_7219486" };
    expect(outcome).toEqual({
      result: {
        ...order("#W6779827"),
        ...nulls,
        status: "cancelled",
        cancel_reason: "no longer needed",
        payment_history: [payment, { ...payment, transaction_type: "refund" }],
      },
    });
    expect(world.db.users.ethan_lopez_6291?.payment_methods.gift_card_7219486).toEqual({
      source: "gift_card",
      id: "gift_card_7219486",
      balance: 4128.45,
    });
  });

  it("exchanges a delivered item for another of the same product, recording the rounded price difference", async () => {
    const world = freshWorld();
    const input = {
      order_id: "#W4689314",
      item_ids: ["5996159312"],
      new_item_ids: ["1804581713"],
      payment_method_id: "credit_card_8105988",
    };
    expect(await call("exchange_delivered_order_items", input, world)).toEqual({
      result: {
        ...order("#W4689314"),
        ...nulls,
        status: "exchange requested",
        exchange_items: ["5996159312"],
        exchange_new_items: ["1804581713"],
        exchange_payment_method_id: "credit_card_8105988",
        exchange_price_difference: -19.94,
      },
    });
  });

  it("modifies items as τ² does: every changed item takes the last new variant's price and options", async () => {
    const world = freshWorld();
    const input = {
      order_id: "#W8367380",
      item_ids: ["2444431651", "1689914594"],
      new_item_ids: ["8068777068", "4716977452"],
      payment_method_id: "gift_card_1994993",
    };
    const outcome = await call("modify_pending_order_items", input, world);
    const speaker = { color: "blue", "battery life": "10 hours", "water resistance": "yes" };
    const [dumbbell, bluetooth, jacket] = order("#W8367380").items;
    expect(outcome).toEqual({
      result: {
        ...order("#W8367380"),
        ...nulls,
        status: "pending (item modified)",
        items: [
          { ...dumbbell, item_id: "8068777068", price: 289.69, options: speaker },
          { ...bluetooth, item_id: "4716977452", price: 289.69, options: speaker },
          jacket,
        ],
        payment_history: [
          { transaction_type: "payment", amount: 1003.22, payment_method_id: "credit_card_5683823" },
          { transaction_type: "refund", amount: 53.22000000000003, payment_method_id: "gift_card_1994993" },
        ],
      },
    });
    expect(world.db.users.ava_nguyen_6646?.payment_methods.gift_card_1994993).toMatchObject({
      balance: 131.22,
    });
    expect(await call("modify_pending_order_items", input, world)).toEqual({
      error: "Non-pending order cannot be modified",
    });
  });

  it("moves a pending order's payment: pays with the new method, refunds the old gift card at once", async () => {
    const world = freshWorld();
    const outcome = await call(
      "modify_pending_order_payment",
      { order_id: "#W6779827", payment_method_id: "credit_card_9789590" },
      world,
    );
    expect(outcome).toMatchObject({
      result: {
        status: "pending",
        payment_history: [
          { transaction_type: "payment", amount: 4079.45, payment_method_id: "gift_card_7219486" },
          { transaction_type: "payment", amount: 4079.45, payment_method_id: "credit_card_9789590" },
          { transaction_type: "refund", amount: 4079.45, payment_method_id: "gift_card_7219486" },
        ],
      },
    });
    expect(world.db.users.ethan_lopez_6291?.payment_methods.gift_card_7219486).toMatchObject({
      balance: 4128.45,
    });
  });

  it("cancels as τ² does after a payment change: every history entry is refunded, refunds included", async () => {
    const world = freshWorld();
    await call(
      "modify_pending_order_payment",
      { order_id: "#W6779827", payment_method_id: "credit_card_9789590" },
      world,
    );
    await call("cancel_pending_order", { order_id: "#W6779827", reason: "no longer needed" }, world);
    const gift = { amount: 4079.45, payment_method_id: "gift_card_7219486" };
    const card = { amount: 4079.45, payment_method_id: "credit_card_9789590" };
    expect(world.db.orders["#W6779827"]?.payment_history).toEqual([
      { transaction_type: "payment", ...gift },
      { transaction_type: "payment", ...card },
      { transaction_type: "refund", ...gift },
      { transaction_type: "refund", ...gift },
      { transaction_type: "refund", ...card },
      { transaction_type: "refund", ...gift },
    ]);
    expect(world.db.users.ethan_lopez_6291?.payment_methods.gift_card_7219486).toMatchObject({
      balance: 12287.35,
    });
  });

  it("changes addresses and requests returns", async () => {
    const world = freshWorld();
    expect(
      await call("modify_pending_order_address", { order_id: "#W8367380", ...newAddress }, world),
    ).toMatchObject({
      result: { address: addressInModelOrder, status: "pending" },
    });
    expect(await call("modify_user_address", { user_id: "ava_nguyen_6646", ...newAddress }, world)).toEqual({
      result: { ...db.users.ava_nguyen_6646, address: addressInModelOrder },
    });
    expect(
      await call(
        "return_delivered_order_items",
        { order_id: "#W4689314", item_ids: ["5996159312"], payment_method_id: "credit_card_8105988" },
        world,
      ),
    ).toMatchObject({
      result: {
        status: "return requested",
        return_items: ["5996159312"],
        return_payment_method_id: "credit_card_8105988",
      },
    });
    expect(Object.keys(world.db.orders["#W4689314"] as object)).toContain("return_items");
  });

  it("authenticates the first user a find_user_id_* call locates, and only that one", async () => {
    const world = freshWorld();
    await call("find_user_id_by_email", { email: "mia.garcia2723@example.com" }, world);
    await call("find_user_id_by_name_zip", { first_name: "Yusuf", last_name: "Rossi", zip: "19122" }, world);
    expect(world.session.userId).toBe("mia_garcia_4516");
  });

  it("offers respond_to_user only where there is a customer, and nothing runs once the customer has left", async () => {
    expect(await call("respond_to_user", { message: "Hello" })).toEqual({
      error:
        "There is no customer on the line: the request in the input is all there is. Put what you tell the customer in your decision's message.",
    });
    const left: RetailWorld = {
      ...freshWorld(),
      conversation: { ended: "###STOP###", transcript: [], send: async () => "" },
    };
    expect(await call("get_product_details", { product_id: "1656367028" }, left)).toEqual({
      error:
        "The customer has ended the conversation (###STOP###); nothing more can be done in it. Finish now.",
    });
  });

  it("never changes the shared database: each world is a copy", async () => {
    const world = freshWorld();
    await call("cancel_pending_order", { order_id: "#W6779827", reason: "no longer needed" }, world);
    expect((db as RetailDb).orders["#W6779827"]?.status).toBe("pending");
    expect(Object.isFrozen(db.orders["#W6779827"])).toBe(true);
  });
});
