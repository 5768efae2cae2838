import { type AgentConclusion, evaluate, functionAgent, type Suite } from "reins";
import type { EvalCase, TrialResult } from "reins/eval";
import { beforeAll, describe, expect, it } from "vitest";
import { tau2RetailSuite } from "./tau2/build-suite.js";

// Variants of real gold sequences, run as agents and scored by the harness against the oracle's database: a wrong
// write argument, an extra write or a missing write fails τ²'s DB check; reordering or dropping reads does not.

type Call = { tool: string; input: Record<string, unknown> };

let suite: Suite;
beforeAll(async () => {
  suite = await tau2RetailSuite({ taskIds: ["0", "21", "113"] });
});

const caseOf = (id: string) => suite.cases.find((c) => c.id === id) as EvalCase;
const callsOf = (id: string): Call[] =>
  (caseOf(id).oracle ?? []).flatMap((step) => ("tool" in step ? [step as Call] : []));

function conclusionOf(evalCase: EvalCase): AgentConclusion {
  const last = evalCase.oracle?.at(-1);
  if (!last || !("conclude" in last) || !("decision" in last.conclude)) throw new Error("no decision step");
  const { decision, confidence, ...fields } = last.conclude;
  return { type: "decision", decision: { decision, confidence: confidence ?? 1, ...fields } };
}

/** Runs the calls as an agent on the task's case; returns its scored trial. */
async function score(taskId: string, calls: Call[]): Promise<TrialResult> {
  const evalCase = caseOf(taskId);
  const agent = functionAgent(`variant-${taskId}`, async ({ call }) => {
    for (const c of calls) await call(c.tool, c.input);
    return conclusionOf(evalCase);
  });
  const report = await evaluate({ suite: { ...suite, cases: [evalCase] }, agent, concurrency: 1 });
  return report.results[0] as TrialResult;
}

const dbCheck = (result: TrialResult) => ({
  tau2Db: result.scores.tau2Db,
  taskSuccess: result.scores.taskSuccess,
});
const fails = { tau2Db: 0, taskSuccess: 0 };
const holds = { tau2Db: 1, taskSuccess: 1 };

describe("τ²'s DB check on variants of gold sequences", () => {
  it("task 0 as gold: full marks", async () => {
    const result = await score("0", callsOf("0"));
    expect(result.passed).toBe(true);
    expect(callsOf("0").map((c) => c.tool)).toEqual([
      "find_user_id_by_name_zip",
      "get_order_details",
      "get_product_details",
      "get_product_details",
      "exchange_delivered_order_items",
    ]);
  });

  it("a wrong write argument fails it (task 0: another keyboard)", async () => {
    const calls = callsOf("0").map((c) =>
      c.tool === "exchange_delivered_order_items"
        ? { ...c, input: { ...c.input, new_item_ids: ["6342039236", "7747408585"] } }
        : c,
    );
    const result = await score("0", calls);
    expect(dbCheck(result)).toEqual(fails);
    expect(result.failures.find((f) => f.category === "tau2Db")?.message).toContain(
      'orders.#W2378156.exchange_new_items.0: gold "7706410293", got "6342039236"',
    );
  });

  it("a wrong write argument fails it (task 113: another cancellation reason)", async () => {
    const calls = callsOf("113").map((c) =>
      c.tool === "cancel_pending_order" ? { ...c, input: { ...c.input, reason: "no longer needed" } } : c,
    );
    expect(dbCheck(await score("113", calls))).toEqual(fails);
  });

  it("an extra write fails it (task 0: also cancelling another pending order of the user)", async () => {
    const calls = [
      ...callsOf("0"),
      { tool: "cancel_pending_order", input: { order_id: "#W6247578", reason: "no longer needed" } },
    ];
    expect(dbCheck(await score("0", calls))).toEqual(fails);
  });

  it("a missing write fails it (task 113: only one of the two cancellations)", async () => {
    const calls = callsOf("113");
    expect(calls.filter((c) => c.tool === "cancel_pending_order")).toHaveLength(2);
    expect(dbCheck(await score("113", calls.slice(0, -1)))).toEqual(fails);
  });

  it("reordering reads keeps it (task 0: products first, then the order)", async () => {
    const [find, order, product1, product2, exchange] = callsOf("0") as [Call, Call, Call, Call, Call];
    const result = await score("0", [find, product2, product1, order, exchange]);
    expect(dbCheck(result)).toEqual(holds);
    expect(result.passed).toBe(true);
  });

  it("dropping reads keeps it (task 0: no order or product look-ups)", async () => {
    const calls = callsOf("0").filter((c) => !["get_order_details", "get_product_details"].includes(c.tool));
    const result = await score("0", calls);
    expect(dbCheck(result)).toEqual(holds);
    expect(result.passed).toBe(true);
  });

  it("dropping the authentication read is another matter in Reins: the gate denies the user's data, so the write never happens", async () => {
    const calls = callsOf("0").filter((c) => c.tool !== "find_user_id_by_name_zip");
    const result = await score("0", calls);
    expect(dbCheck(result)).toEqual(fails);
    expect(result.scores.policyCompliance).toBe(0);
    expect(result.toolCalls.map((c) => [c.toolName, c.status])).toEqual([
      ["get_order_details", "denied"],
      ["get_product_details", "executed"],
      ["get_product_details", "executed"],
      ["exchange_delivered_order_items", "denied"],
    ]);
  });

  it("reordering a modification's items changes the database, as in τ² (task 21: the last variant wins)", async () => {
    const calls = callsOf("21").map((c) => {
      if (c.tool !== "modify_pending_order_items") return c;
      const items = c.input.item_ids as string[];
      const news = c.input.new_item_ids as string[];
      return {
        ...c,
        input: { ...c.input, item_ids: [...items].reverse(), new_item_ids: [...news].reverse() },
      };
    });
    expect(dbCheck(await score("21", calls))).toEqual(fails);
  });
});
