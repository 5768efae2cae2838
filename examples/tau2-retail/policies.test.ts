import { functionAgent, type PolicyContext, type RuleVerdict, runAgent, type ToolCallResult } from "reins";
import { createAuditLog } from "reins/audit";
import { openMemoryStore } from "reins/store";
import { describe, expect, it } from "vitest";
import { policies } from "./policies.js";
import { bindRun, worldOfRun } from "./retail/run-registry.js";
import { type RetailWorld, retailEnvironment } from "./retail/world.js";
import { tau2RetailSuite } from "./tau2/build-suite.js";

// The deterministic part of τ²'s policy, judged against the world of the run the call belongs to.

const environment = retailEnvironment();
let runs = 0;

/** A world whose authenticated user is `userId` (null: nobody located yet), bound to a fresh run id. */
function session(userId: string | null): { runId: string; world: RetailWorld } {
  const world = environment.create(undefined);
  world.session.userId = userId;
  const runId = `policies-test-${++runs}`;
  bindRun(runId, world);
  return { runId, world };
}

/** Every rule's verdict that is not allow, as `rule: code: message`. */
function objections(toolName: string, input: unknown, runId: string): string[] {
  const context = { runId } as PolicyContext;
  return policies.flatMap((rule) => {
    const verdict: RuleVerdict = rule.check({ toolName, callId: "call-1", input }, context);
    return verdict.type === "allow"
      ? []
      : [`${rule.name}: ${verdict.reason.code}: ${verdict.reason.message}`];
  });
}

describe("policy rules on the world", () => {
  it("user data only after authentication, and only the authenticated user's", () => {
    const nobody = session(null).runId;
    expect(objections("get_order_details", { order_id: "#W2378156" }, nobody)).toEqual([
      "authenticated-user: USER_NOT_AUTHENTICATED: The user must be authenticated first: locate their user id with find_user_id_by_email or find_user_id_by_name_zip, even when they give their user id",
    ]);
    expect(objections("get_order_details", { order_id: "#W2378156" }, "a-run-that-never-ran")).toHaveLength(
      1,
    );
    expect(objections("get_product_details", { product_id: "1656367028" }, nobody)).toEqual([]);
    expect(objections("transfer_to_human_agents", { summary: "Help." }, nobody)).toEqual([]);
    const yusuf = session("yusuf_rossi_9620").runId;
    expect(objections("get_order_details", { order_id: "#W2378156" }, yusuf)).toEqual([]);
    expect(objections("get_order_details", { order_id: "#W0000000" }, yusuf)).toEqual([]);
    expect(objections("get_user_details", { user_id: "noah_brown_6181" }, yusuf)).toEqual([
      "authenticated-user: OTHER_USER: You can only help the authenticated user (yusuf_rossi_9620) in this conversation, not noah_brown_6181",
    ]);
    expect(
      objections("cancel_pending_order", { order_id: "#W6779827", reason: "no longer needed" }, yusuf),
    ).toEqual([
      "authenticated-user: OTHER_USER: Order #W6779827 belongs to another user; you can only help the authenticated user (yusuf_rossi_9620)",
    ]);
  });

  it("only pending orders are cancelled or modified, and an order whose items changed is not touched again", () => {
    const { runId, world } = session("james_li_5688");
    expect(
      objections("cancel_pending_order", { order_id: "#W2611340", reason: "no longer needed" }, runId),
    ).toEqual([
      "pending-orders-only: ORDER_NOT_PENDING: Non-pending order cannot be cancelled (order #W2611340 is processed)",
    ]);
    const order = world.db.orders["#W2611340"];
    if (order) order.status = "pending (item modified)";
    const address = {
      address1: "1 Elm",
      address2: "",
      city: "Austin",
      state: "TX",
      country: "USA",
      zip: "78701",
    };
    expect(objections("modify_pending_order_address", { order_id: "#W2611340", ...address }, runId)).toEqual([
      "items-modified-once: ITEMS_ALREADY_MODIFIED: Non-pending order cannot be modified: the items of order #W2611340 were already modified, and after that an order can no longer be modified or cancelled",
    ]);
  });

  it("only delivered orders are returned or exchanged", () => {
    const { runId } = session("ava_nguyen_6646");
    const input = {
      order_id: "#W8367380",
      item_ids: ["2444431651"],
      payment_method_id: "credit_card_5683823",
    };
    expect(objections("return_delivered_order_items", input, runId)).toEqual([
      "delivered-orders-only: ORDER_NOT_DELIVERED: Non-delivered order cannot be returned (order #W8367380 is pending)",
    ]);
  });

  it("payments use the user's own methods; returns go to the original method or a gift card", () => {
    const { runId } = session("sofia_li_9219");
    const ret = (payment_method_id: string) =>
      objections(
        "return_delivered_order_items",
        { order_id: "#W4689314", item_ids: ["5996159312"], payment_method_id },
        runId,
      );
    expect(ret("credit_card_8105988")).toEqual([]);
    expect(ret("paypal_8194385")).toEqual([
      "payment-method-of-user: PAYMENT_METHOD: Payment method should be the original payment method",
    ]);
    expect(ret("gift_card_1994993")).toEqual([
      "payment-method-of-user: PAYMENT_METHOD: Payment method not found",
    ]);
    const ava = session("ava_nguyen_6646").runId;
    expect(
      objections(
        "modify_pending_order_payment",
        { order_id: "#W8367380", payment_method_id: "credit_card_5683823" },
        ava,
      ),
    ).toEqual([
      "payment-method-of-user: PAYMENT_METHOD: The new payment method should be different from the current one",
    ]);
    expect(
      objections(
        "modify_pending_order_payment",
        { order_id: "#W8367380", payment_method_id: "gift_card_1994993" },
        ava,
      ),
    ).toEqual(["gift-card-balance: GIFT_CARD_BALANCE: Insufficient gift card balance to pay for the order"]);
  });

  it("an item becomes an available item of the same product, with another option", () => {
    const { runId } = session("sofia_li_9219");
    const exchange = (newItem: string) =>
      objections(
        "exchange_delivered_order_items",
        {
          order_id: "#W4689314",
          item_ids: ["5996159312"],
          new_item_ids: [newItem],
          payment_method_id: "credit_card_8105988",
        },
        runId,
      );
    expect(exchange("1804581713")).toEqual([]);
    expect(exchange("8068777068")).toEqual([
      "same-product-available: ITEM_CHANGE: Variant not found: 8068777068 is not an item of Digital Camera (product 8940227892)",
    ]);
    expect(exchange("3892645120")).toEqual([
      "same-product-available: ITEM_CHANGE: New item 3892645120 not found or available",
    ]);
    expect(exchange("5996159312")).toEqual([
      "same-product-available: ITEM_CHANGE: The new item id should be different from the old item id",
    ]);
  });

  it("a gift card pays only what its balance covers (τ² task 105's gold exchange does not fit)", () => {
    const { runId } = session("aarav_anderson_8794");
    const input = {
      order_id: "#W4316152",
      item_ids: ["7292993796", "7292993796"],
      new_item_ids: ["3761330360", "9647374798"],
      payment_method_id: "gift_card_7245904",
    };
    expect(objections("exchange_delivered_order_items", input, runId)).toEqual([
      "gift-card-balance: GIFT_CARD_BALANCE: Insufficient gift card balance to pay for the price difference",
    ]);
  });

  it("never throws on malformed input (a throwing rule would deny the call as a rule error)", () => {
    const { runId } = session("sofia_li_9219");
    for (const input of [
      null,
      42,
      [],
      { order_id: 7 },
      { order_id: "#W4689314", item_ids: "x", new_item_ids: [1] },
    ]) {
      expect(() => objections("exchange_delivered_order_items", input, runId)).not.toThrow();
    }
  });

  it("forgets a run's world once the run's final snapshot is taken", () => {
    const { runId, world } = session("sofia_li_9219");
    environment.snapshot(world);
    expect(worldOfRun(runId)).toBe(world);
    environment.snapshot(world);
    expect(worldOfRun(runId)).toBeUndefined();
  });
});

describe("through the gate, what the agent reads", () => {
  it("gets τ²'s error text back from a failing tool, and τ²'s message inside a policy denial", async () => {
    const suite = await tau2RetailSuite({ taskIds: ["0"] });
    const store = openMemoryStore();
    const results: ToolCallResult[] = [];
    const agent = functionAgent("probe", async ({ call }) => {
      results.push(
        await call("find_user_id_by_name_zip", { first_name: "Yusuf", last_name: "Rossi", zip: "19122" }),
      );
      results.push(await call("get_order_details", { order_id: "#W0000000" }));
      results.push(await call("cancel_pending_order", { order_id: "#W6247578", reason: "too expensive" }));
      results.push(await call("cancel_pending_order", { order_id: "#W2378156", reason: "no longer needed" }));
      return { type: "decision", decision: { decision: "unresolved", confidence: 1, message: "Not done." } };
    });
    const run = await runAgent({
      charter: suite.charter,
      registry: suite.registry,
      policies: suite.policies,
      agent,
      input: suite.cases[0]?.input,
      store,
      audit: createAuditLog({ store }),
      env: suite.environment.create(suite.cases[0]?.world),
    });
    expect(run.outcome?.type).toBe("decision");
    expect(results).toEqual([
      { status: "ok", output: "yusuf_rossi_9620" },
      { status: "error", message: '"get_order_details" failed after 1 attempt(s): error: Order not found' },
      {
        status: "denied",
        reasons: [
          {
            rule: "cancel-reason",
            code: "POLICY_DENY",
            message: "Invalid reason (the policy accepts only 'no longer needed' or 'ordered by mistake')",
          },
        ],
        message:
          "Denied by policy: Invalid reason (the policy accepts only 'no longer needed' or 'ordered by mistake'). Follow the policy: do not retry or work around it, and explain this in your rationale.",
      },
      {
        status: "denied",
        reasons: [
          {
            rule: "pending-orders-only",
            code: "ORDER_NOT_PENDING",
            message: "Non-pending order cannot be cancelled (order #W2378156 is delivered)",
            field: "order_id",
          },
        ],
        message:
          "Denied by policy: Non-pending order cannot be cancelled (order #W2378156 is delivered). Follow the policy: do not retry or work around it, and explain this in your rationale.",
      },
    ]);
  });
});
