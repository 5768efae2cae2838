// Issue 13, "protection that says what it protects": a charter's `matches` pattern runs on a linear-time engine
// (RE2), and a pattern it cannot run is a located error. Before, `^(a+)+$` backtracked for seconds per call.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CharterDefinition,
  createToolRegistry,
  defineCharter,
  defineTool,
  functionAgent,
  loadCharter,
  runAgent,
  ValidationError,
} from "reins";
import { checkToolCall } from "reins/policy";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useTestStore } from "../issue-11/test-store.js";

const updateOrder = defineTool({
  name: "update_order",
  purpose: "Change an order's note or its items.",
  effect: "action",
  input: z.object({
    orderId: z.string(),
    note: z.string().optional(),
    items: z.array(z.object({ sku: z.string(), price: z.number().optional() })).optional(),
  }),
  output: z.object({ ok: z.boolean() }),
  safeUse: ["To record what the customer asked."],
  unsafeUse: ["To change a price without approval."],
  idempotent: true,
  execute: () => ({ ok: true }),
});
const registry = createToolRegistry([updateOrder]);

const charterYaml = (policies: string) =>
  [
    "name: orders",
    "version: 1",
    "trigger: { event: test }",
    "input: { type: object, properties: {} }",
    "decision: { options: [done, skipped] }",
    "tools: { allowed: [update_order] }",
    "autonomy: autonomous",
    "instructions: Update the order.",
    "limits: { maxToolCalls: 5, maxSteps: 5 }",
    "policies:",
    policies,
    "",
  ].join("\n");

/** Loads a charter file and returns the problems it is rejected with, as `file:line:col path: message`. */
async function problemsOf(yaml: string): Promise<string[]> {
  const file = join(mkdtempSync(join(tmpdir(), "reins-protect-")), "charter.yaml");
  writeFileSync(file, yaml);
  try {
    await loadCharter(file, { registry });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.map(
      (i) => `${i.file === file ? "charter.yaml" : i.file}:${i.line}:${i.column} ${i.path}: ${i.message}`,
    );
  }
  return [];
}

describe("`matches` patterns", () => {
  it("run in linear time: `^(a+)+$` on 26 a's and a '!' is judged in well under a second", () => {
    const charter = defineCharter(
      {
        name: "orders",
        version: 1,
        trigger: { event: "test" },
        input: { type: "object", properties: {} },
        decision: { options: ["done", "skipped"] },
        tools: { allowed: ["update_order"] },
        autonomy: "autonomous",
        instructions: "Update the order.",
        limits: { maxToolCalls: 5, maxSteps: 5 },
        policies: [
          {
            name: "no-aaa",
            tool: "update_order",
            when: { field: "note", matches: "^(a+)+$" },
            verdict: "deny",
            reason: "Notes of only a's are refused.",
          },
        ],
      },
      { registry },
    );
    const judge = (note: string) =>
      checkToolCall({
        call: { toolName: "update_order", callId: "c1", input: { orderId: "o1", note } },
        context: { charter, tool: updateOrder, autonomy: "autonomous", callCount: 0, callCountByTool: {} },
      }).type;
    // V8's backtracking engine takes seconds here (about 8 s at this length, doubling with each extra a); RE2 takes microseconds.
    const started = performance.now();
    expect(judge(`${"a".repeat(26)}!`)).toBe("allow");
    expect(performance.now() - started).toBeLessThan(500);
    expect(judge("aaaa")).toBe("deny");
  }, 120_000);

  it("a lookaround or a backreference is a located charter error that says RE2 cannot run it", async () => {
    const problems = await problemsOf(
      charterYaml(
        [
          "  - name: no-secrets",
          "    tool: update_order",
          '    when: { field: note, matches: "secret(?!ary)" }',
          "    verdict: deny",
          "    reason: No secrets in notes.",
          "  - name: no-doubles",
          "    tool: update_order",
          "    when:",
          "      - field: note",
          '        matches: "(a)\\\\1"',
          "    verdict: deny",
          "    reason: No doubled letters.",
        ].join("\n"),
      ),
    );
    expect(problems).toEqual([
      "charter.yaml:13:35 policies[0].when.matches: is not a pattern the linear-time engine can run (RE2 syntax): invalid or unsupported Perl syntax: `(?!`; lookahead and lookbehind are not supported",
      "charter.yaml:20:18 policies[1].when[0].matches: is not a pattern the linear-time engine can run (RE2 syntax): invalid escape sequence: `\\1`; backreferences are not supported",
    ]);
  });
});

const pricedTool = (protectedFields: string[]) =>
  defineTool({
    name: "update_order",
    purpose: "Change an order's note or its items.",
    effect: "action",
    input: updateOrder.input,
    output: updateOrder.output,
    safeUse: ["To record what the customer asked."],
    unsafeUse: ["To change a price without approval."],
    idempotent: true,
    protectedFields,
    execute: () => ({ ok: true }),
  });

/** The gate's verdict on an autonomous update_order call, and the reasons' messages. */
function judgeUpdate(
  card: ReturnType<typeof pricedTool>,
  input: unknown,
  policies: CharterDefinition["policies"] = [],
) {
  const charter = defineCharter(
    {
      name: "orders",
      version: 1,
      trigger: { event: "test" },
      input: { type: "object", properties: {} },
      decision: { options: ["done", "skipped"] },
      tools: { allowed: ["update_order"] },
      autonomy: "autonomous",
      instructions: "Update the order.",
      limits: { maxToolCalls: 5, maxSteps: 5 },
      policies,
    },
    { registry: createToolRegistry([card]) },
  );
  const verdict = checkToolCall({
    call: { toolName: "update_order", callId: "c1", input },
    context: { charter, tool: card, autonomy: "autonomous", callCount: 0, callCountByTool: {} },
  });
  return verdict.type === "allow" ? ["allow"] : [verdict.type, ...verdict.reasons.map((r) => r.message)];
}

describe("protected fields in lists", () => {
  const items = [
    { sku: "a", price: 10 },
    { sku: "b", price: 99 },
  ];

  it("`items[].price` on a tool card covers every element: a price on the second needs approval", () => {
    const card = pricedTool(["items[].price"]);
    expect(judgeUpdate(card, { orderId: "o1", items: [{ sku: "a" }, { sku: "b", price: 99 }] })).toEqual([
      "require-approval",
      '"update_order" would overwrite protected field "items[].price"',
    ]);
    expect(judgeUpdate(card, { orderId: "o1", items: [{ sku: "a" }, { sku: "b" }] })).toEqual(["allow"]);
    expect(judgeUpdate(card, { orderId: "o1", note: "call back" })).toEqual(["allow"]);
  });

  it("`items[].price` in a charter's protectFields rule does the same; `items.0.price` still covers the first only", () => {
    const card = pricedTool([]);
    const rule = (field: string) => [{ name: "prices", tool: "update_order", protectFields: [field] }];
    expect(judgeUpdate(card, { orderId: "o1", items }, rule("items[].price"))).toEqual([
      "require-approval",
      '"update_order" would overwrite protected field "items[].price" (prices)',
    ]);
    const second = { orderId: "o1", items: [{ sku: "a" }, { sku: "b", price: 99 }] };
    expect(judgeUpdate(card, second, rule("items.0.price"))).toEqual(["allow"]);
    expect(judgeUpdate(card, second, rule("items.1.price"))[0]).toBe("require-approval");
  });

  it("a tool card's protected path the input cannot hold is an error naming the field, with a suggestion", () => {
    const problems = (fields: string[]) => {
      try {
        pricedTool(fields);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return error.issues.map((i) => `${i.file} ${i.path}: ${i.message}`);
      }
      return [];
    };
    expect(problems(["items[].prise", "items.price", "ordrId", "note[]"])).toEqual([
      'tool card "update_order" protectedFields.0: "items[].prise" is not in the tool\'s input, so it would protect nothing: "prise" under "items[]" has no such field; it has sku, price (did you mean price?)',
      'tool card "update_order" protectedFields.1: "items.price" is not in the tool\'s input, so it would protect nothing: "price" under "items" cannot be read: "items" is a list; write items[].price for every element, or items.0.price for one',
      'tool card "update_order" protectedFields.2: "ordrId" is not in the tool\'s input, so it would protect nothing: "ordrId" has no such field; it has orderId, note, items (did you mean orderId?)',
      'tool card "update_order" protectedFields.3: "note[]" is not in the tool\'s input, so it would protect nothing: "[]" under "note" needs a list, and "note" is a string',
    ]);
  });

  it("a charter's misspelled protectFields path is a located error with a suggestion", async () => {
    const problems = await problemsOf(
      charterYaml(
        [
          "  - name: prices",
          "    tool: update_order",
          '    protectFields: [items.price, "itemz[].price"]',
        ].join("\n"),
      ),
    );
    expect(problems).toEqual([
      'charter.yaml:13:21 policies[0].protectFields[0]: policy "prices": field "items.price" is not in the input of tool "update_order": "price" under "items" cannot be read: "items" is a list; write items[].price for every element, or items.0.price for one',
      'charter.yaml:13:34 policies[0].protectFields[1]: policy "prices": field "itemz[].price" is not in the input of tool "update_order": "itemz" has no such field; it has orderId, note, items (did you mean items?)',
    ]);
    // A condition reads one value, so `[]` (every element) is for protectFields only.
    const condition = await problemsOf(
      charterYaml(
        [
          "  - name: big-prices",
          "    tool: update_order",
          '    when: { field: "items[].price", gt: 50 }',
          "    verdict: deny",
          "    reason: Prices over 50 are refused.",
        ].join("\n"),
      ),
    );
    expect(condition).toEqual([
      "charter.yaml:13:20 policies[0].when.field: uses `[]`, which only protectFields accept: a condition reads one value, so index a list with a number (items.0.price)",
    ]);
  });
});

describe("tools.requireBasedOn", () => {
  const t = useTestStore();

  it("denies a listed tool's call that names no facts (basedOn omitted or empty), and runs nothing", async () => {
    const executed: unknown[] = [];
    const card = defineTool({
      name: "update_order",
      purpose: "Change an order's note.",
      effect: "action",
      input: z.object({ orderId: z.string(), note: z.string() }),
      output: z.object({ ok: z.boolean() }),
      safeUse: ["To record what the customer asked."],
      unsafeUse: ["On a guess."],
      idempotent: true,
      execute: (input) => {
        executed.push(input);
        return { ok: true };
      },
    });
    const registry = createToolRegistry([card]);
    const charter = defineCharter(
      {
        name: "orders",
        version: 1,
        trigger: { event: "test" },
        input: { type: "object", properties: {} },
        decision: { options: ["done", "skipped"] },
        tools: { allowed: ["update_order"], requireBasedOn: ["update_order"] },
        autonomy: "autonomous",
        instructions: "Update the order.",
        limits: { maxToolCalls: 5, maxSteps: 5 },
      },
      { registry },
    );
    const agent = functionAgent("guesser", async ({ call }) => {
      await call("update_order", { orderId: "o1", note: "refund" });
      await call("update_order", { orderId: "o1", note: "refund" }, { basedOn: [] });
      return { type: "decision", decision: { decision: "done", confidence: 1 } };
    });
    const result = await runAgent({ charter, registry, agent, input: {}, store: t.store, audit: t.audit });
    const reason = {
      rule: "fact-provenance",
      code: "FACTS_NOT_NAMED",
      message:
        '"update_order" must name the facts it rests on (basedOn), as charter "orders" requires; none were named',
    };
    expect(result.toolCalls.map((c) => [c.status, c.verdict])).toEqual([
      ["denied", { type: "deny", reasons: [reason] }],
      ["denied", { type: "deny", reasons: [reason] }],
    ]);
    expect(executed).toEqual([]);

    // Named facts are judged as before: a verified one passes, an unknown one counts as inferred.
    const judge = (facts: { key: string; provenance: "verified" | "inferred" }[]) =>
      checkToolCall({
        call: { toolName: "update_order", callId: "c1", input: { orderId: "o1", note: "refund" } },
        context: { charter, tool: card, autonomy: "autonomous", callCount: 0, callCountByTool: {}, facts },
      }).type;
    expect(judge([{ key: "refund-approved", provenance: "verified" }])).toBe("allow");
    expect(judge([{ key: "refund-approved", provenance: "inferred" }])).toBe("deny");
  });

  it("a listed tool the charter does not allow is a located error", async () => {
    const yaml = charterYaml("  []").replace(
      "tools: { allowed: [update_order] }",
      "tools: { allowed: [update_order], requireBasedOn: [update_ordr] }",
    );
    expect(await problemsOf(yaml)).toEqual([
      'charter.yaml:6:52 tools.requireBasedOn[0]: "update_ordr" is not an allowed tool, so requiring its facts would guard nothing. Did you mean "update_order"? Allowed: update_order',
    ]);
  });
});
