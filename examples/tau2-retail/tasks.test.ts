import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkOracles, loadSuite } from "reins/eval";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRetailDb } from "./retail/db.js";
import type { RetailWorld } from "./retail/world.js";
import { tau2RetailSuite } from "./tau2/build-suite.js";
import { loadTau2Tasks, renderScenario, type Tau2Task } from "./tau2/tasks.js";

// τ²'s task format read as is: the shipped file, another file in the same format, and what a task becomes.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tau2-tasks-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A task in τ²'s format with an initial state: data merged over the DB, then an action run on it. */
const seeded = {
  id: "seeded-1",
  description: {
    purpose: "Return an item of an order delivered by the initial state.",
    relevant_policies: null,
    notes: null,
  },
  user_scenario: {
    persona: "Terse.",
    instructions:
      "You are Noah Brown (noah.brown7922@example.com). Return your only order's items to PayPal.",
  },
  initial_state: {
    initialization_data: { agent_data: { orders: { "#W7678072": { status: "delivered" } } } },
    initialization_actions: [
      {
        env_type: "assistant",
        func_name: "modify_user_address",
        arguments: {
          user_id: "noah_brown_6181",
          address1: "1 Elm Street",
          address2: "",
          city: "Denver",
          state: "CO",
          country: "USA",
          zip: "80279",
        },
      },
    ],
  },
  evaluation_criteria: {
    actions: [
      { action_id: "a", name: "find_user_id_by_email", arguments: { email: "noah.brown7922@example.com" } },
      {
        action_id: "b",
        name: "return_delivered_order_items",
        arguments: { order_id: "#W7678072", item_ids: ["ITEMS"], payment_method_id: "paypal_5727330" },
      },
    ],
    communicate_info: ["return requested"],
    reward_basis: ["DB", "COMMUNICATE"],
  },
};

describe("τ² tasks", () => {
  it("reads the 74 shipped tasks and renders the user scenario as τ² prints it", () => {
    const tasks = loadTau2Tasks();
    expect(tasks).toHaveLength(74);
    expect(renderScenario(tasks[0] as Tau2Task)).toBe(
      [
        "Instructions:",
        "\tDomain: retail",
        "\tReason for call:",
        "\t\tYou received your order #W2378156 and wish to exchange the mechanical keyboard for the same one but with clicky switches and the smart thermostat for one compatible with Google Home instead of Apple HomeKit. If there is no keyboard that is clicky, RGB backlight, full size, you'd go for no backlight.",
        "\tKnown info:",
        "\t\tYou are Yusuf Rossi in zip code 19122.",
        "\tUnknown info:",
        "\t\tYou do not remember your email address.",
        "\tTask instructions:",
        "\t\tYou are detail-oriented and want to make sure everything is addressed in one go.",
      ].join("\n"),
    );
  });

  it("makes each task a case: τ²'s id, the request as the solo input, the gold actions as the oracle", async () => {
    const suite = await tau2RetailSuite({ taskIds: ["50", "113"] });
    const [transfer, cancel] = suite.cases;
    expect(transfer?.expect).toMatchObject({
      outcome: "escalation",
      escalation: { reason: "transfer_to_human_agents" },
      world: "oracle",
    });
    expect(transfer?.oracle?.at(-1)).toEqual({
      conclude: {
        escalate: "transfer_to_human_agents",
        evidence: "YOU ARE BEING TRANSFERRED TO A HUMAN AGENT. PLEASE HOLD ON.",
      },
    });
    expect(cancel?.id).toBe("113");
    expect(cancel?.input).toMatchObject({
      mode: "solo",
      request: expect.stringContaining("cancel all pending orders"),
    });
    expect((cancel?.input as { policy?: string } | undefined)?.policy).toContain("# Retail agent policy");
    // τ² lists only the two cancellations; the oracle first authenticates the user, as the policy requires.
    expect(cancel?.oracle?.map((s) => ("tool" in s ? s.tool : "conclude"))).toEqual([
      "find_user_id_by_email",
      "cancel_pending_order",
      "cancel_pending_order",
      "conclude",
    ]);
  });

  it("leaves out a gold write that fails in τ² too, and says so (task 105)", async () => {
    const suite = await tau2RetailSuite({ taskIds: ["105"] });
    expect(suite.cases[0]?.oracle).toEqual([
      { conclude: { decision: "resolved", confidence: 1, message: "Done." } },
    ]);
    expect(suite.cases[0]?.notes).toBe(
      'τ²\'s gold action 106_0 (exchange_delivered_order_items) fails: "Insufficient gift card balance to pay for the price difference"; the oracle leaves it out (the gold database is the same).',
    );
  });

  it("applies a task's initial state (data, then actions) to every world, gold and agent alike", async () => {
    const items = loadRetailDb().orders["#W7678072"]?.items.map((i) => i.item_id) ?? [];
    const task = structuredClone(seeded);
    (task.evaluation_criteria.actions[1] as { arguments: { item_ids: string[] } }).arguments.item_ids = items;
    const suite = await tau2RetailSuite({ tasks: [task as unknown as Tau2Task] });
    const world = suite.environment.create(suite.cases[0]?.world) as RetailWorld;
    expect(world.db.orders["#W7678072"]?.status).toBe("delivered");
    expect(world.db.users.noah_brown_6181?.address.address1).toBe("1 Elm Street");
    const check = await checkOracles({ suite });
    expect(check.broken).toEqual([]);
  });

  it("reports a malformed task file with the file and the field", async () => {
    const file = join(dir, "broken.json");
    await writeFile(file, JSON.stringify([{ id: "x", user_scenario: {} }]));
    expect(() => loadTau2Tasks(file)).toThrow(`${file} 0.user_scenario.instructions:`);
  });
});

describe("the suite folder, as `reins check|eval` loads it", () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it("reads tasks.json from the shared data by default", async () => {
    delete process.env.REINS_TAU2_TASKS;
    const suite = await loadSuite("examples/tau2-retail");
    expect(suite.cases).toHaveLength(74);
    expect(suite.scorers?.map((s) => s.name)).toEqual(["tau2Db", "communicateInfo"]);
    expect(suite.policies.map((p) => p.name)).toContain("authenticated-user");
  });

  it("reads any τ² task file named by REINS_TAU2_TASKS, unchanged", async () => {
    const file = join(dir, "two.json");
    await writeFile(file, JSON.stringify(loadTau2Tasks().slice(0, 2)));
    process.env.REINS_TAU2_TASKS = file;
    process.env.REINS_TAU2_TASK_IDS = "1";
    const suite = await loadSuite("examples/tau2-retail");
    expect(suite.cases.map((c) => c.id)).toEqual(["1"]);
    const check = await checkOracles({ suite });
    expect(check).toEqual({ checked: 1, withoutOracle: [], broken: [], perturbations: {} });
  });

  it("reads the task file given as the suite's --tasks option, before REINS_TAU2_TASKS", async () => {
    const file = join(dir, "three.json");
    await writeFile(file, JSON.stringify(loadTau2Tasks().slice(0, 3)));
    process.env.REINS_TAU2_TASKS = join(dir, "absent.json");
    delete process.env.REINS_TAU2_TASK_IDS;
    const suite = await loadSuite("examples/tau2-retail", { options: { tasks: file } });
    expect(suite.cases.map((c) => c.id)).toEqual(loadTau2Tasks(file).map((t) => t.id));
    await expect(loadSuite("examples/tau2-retail", { options: { taks: file } })).rejects.toThrow(
      "unknown option --taks: the suite in examples/tau2-retail/suite.ts does not declare it. Did you mean --tasks?",
    );
  });

  it("refuses an unknown mode", async () => {
    process.env.REINS_TAU2_MODE = "chat";
    await expect(loadSuite("examples/tau2-retail")).rejects.toThrow(
      "REINS_TAU2_MODE must be solo or conversation",
    );
  });
});
