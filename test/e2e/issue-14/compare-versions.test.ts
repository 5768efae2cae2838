// Issue 14, item 7: change one thing at a time. Every eval records the versions of the charter, the instructions,
// each tool card, the policies, the model and the dataset; `reins compare` names what changed and warns when more than
// one thing did. Before, reports had no versions (schemaVersion 1) and compare said nothing about what changed.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, sandbox } from "../cli-harness.js";

describe("reins compare: what changed between two evals", () => {
  it("names the one change, warns when two changed, and says 'versions unknown' for an old report", () => {
    const s = sandbox();
    const suite = join(s.dir, "suite");
    cpSync(join(root, "test/fixtures/mini-suite"), suite, { recursive: true });
    const evalTo = (name: string) => {
      const out = join(s.dir, `${name}.json`);
      const run = s.reins("eval", suite, "--out", out, "--html", join(s.dir, `${name}.html`));
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
      return out;
    };
    const edit = (file: string, from: string, to: string) => {
      const path = join(suite, file);
      const text = readFileSync(path, "utf8");
      expect(text).toContain(from);
      writeFileSync(path, text.replace(from, to));
    };

    const first = evalTo("first");
    const report = JSON.parse(readFileSync(first, "utf8"));
    expect(report.schemaVersion).toBe(2);
    expect(Object.keys(report.versions)).toEqual([
      "charter",
      "instructions",
      "tools",
      "policies",
      "model",
      "dataset",
    ]);
    expect(Object.keys(report.versions.tools)).toEqual([
      "close_ticket",
      "lookup_customer",
      "send_reply",
      "set_priority",
    ]);
    expect(report.versions.model).toEqual({ agent: "function:baseline", settings: null });
    expect(report.versions.dataset).toMatchObject({ cases: 6, redteamCases: 0, perturbations: [] });

    // The same suite again: nothing changed.
    const again = s.reins("compare", first, evalTo("again"));
    expect(again.code).toBe(0);
    expect(again.stdout.trimEnd().split("\n").at(-1)).toBe(
      "Versions: nothing changed (charter, instructions, tool cards, policies, model, dataset)",
    );

    // One thing: the instructions.
    edit("charter.yaml", "the rest p3.", "the rest p3. Be brief.");
    const second = evalTo("second");
    const one = s.reins("compare", first, second);
    expect({ code: one.code, stderr: one.stderr }).toEqual({ code: 0, stderr: "" });
    expect(one.stdout.trimEnd().split("\n").at(-1)).toBe("Versions changed (1): instructions");
    expect(one.stdout).not.toContain("warning:");

    // A second thing: set_priority's input schema gains a field.
    edit(
      "tools.ts",
      'input: z.object({ ticketId: z.string(), priority: z.enum(["p1", "p2", "p3"]) }),',
      'input: z.object({ ticketId: z.string(), priority: z.enum(["p1", "p2", "p3"]), note: z.string().optional() }),',
    );
    const third = evalTo("third");
    const two = s.reins("compare", first, third);
    // The exit code is the regressions' (none here), whatever changed.
    expect({ code: two.code, stderr: two.stderr }).toEqual({ code: 0, stderr: "" });
    expect(two.stdout.trimEnd().split("\n").slice(-2)).toEqual([
      "Versions changed (2): instructions, tool set_priority",
      "warning: 2 things changed between these evals (instructions, tool set_priority): a difference in scores cannot be attributed to one of them",
    ]);
    const json = JSON.parse(s.reins("compare", first, third, "--json").stdout);
    expect(json.versions).toEqual({
      known: true,
      changed: [
        { part: "instructions", label: "instructions" },
        { part: "tool", name: "set_priority", label: "tool set_priority" },
      ],
    });

    // A report written before versions (schemaVersion 1) still reads; its versions are unknown, not unchanged.
    const old = join(root, "test/fixtures/reports/before.json");
    const unknown = s.reins("compare", old, third);
    expect({ code: unknown.code, stderr: unknown.stderr }).toEqual({ code: 0, stderr: "" });
    expect(unknown.stdout.trimEnd().split("\n").at(-1)).toBe(
      "Versions unknown: the first report does not record them (written before reports recorded versions, schemaVersion 1)",
    );
    expect(unknown.stdout).not.toMatch(/nothing changed|warning:/);
  });
});
