// Issue 13, "protection that says what it protects": a charter's `matches` pattern runs on a linear-time engine
// (RE2), and a pattern it cannot run is a located error. Before, `^(a+)+$` backtracked for seconds per call.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createToolRegistry, defineCharter, defineTool, loadCharter, ValidationError } from "reins";
import { checkToolCall } from "reins/policy";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const updateOrder = defineTool({
  name: "update_order",
  purpose: "Change an order's note or its items.",
  effect: "action",
  input: z.object({
    orderId: z.string(),
    note: z.string().optional(),
    items: z.array(z.object({ sku: z.string(), price: z.number() })).optional(),
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
