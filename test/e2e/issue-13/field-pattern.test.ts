// Issue 13, item 6: a field schema's `pattern` (a charter's input or decision) runs on RE2, linear in the value, as
// `matches` already does. Before, it ran on V8's backtracking RegExp: `^(a+)+$` against 40 a's and a "!" did not
// finish (the test's time limit ended it), and a lookahead pattern was accepted.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, type Sandbox, sandbox } from "../cli-harness.js";

function workflowWithPattern(s: Sandbox, pattern: string): { folder: string; charter: string } {
  const folder = join(s.dir, "wf");
  cpSync(join(root, "test/fixtures/effects-workflow"), folder, { recursive: true });
  const charter = join(folder, "charter.yaml");
  const text = readFileSync(charter, "utf8").replace(
    "    failWith: { type: string }\n",
    `    failWith: { type: string }\n    name: { type: string, pattern: ${JSON.stringify(pattern)} }\n`,
  );
  writeFileSync(charter, text);
  return { folder, charter };
}

describe("a field schema's pattern", () => {
  it("checks ^(a+)+$ against 40 a's and a ! at once: the input is refused, located", async () => {
    const s = sandbox();
    const { folder } = workflowWithPattern(s, "^(a+)+$");
    const input = s.input("input.json", { steps: 0, name: `${"a".repeat(40)}!` });
    // Not blocking this process, so that the test's time limit can end it (on main, it did not end).
    const result = await s.reinsAsync("run", folder, "--input", input);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${input}:1:19 name: Invalid string: must match pattern /^(a+)+$/`);
    expect(result.stdout).toBe("");
  });

  it("still accepts a value that matches", () => {
    const s = sandbox();
    const { folder } = workflowWithPattern(s, "^(a+)+$");
    const result = s.reins("run", folder, "--input", s.input("input.json", { steps: 0, name: "aaaa" }));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("that RE2 cannot run is a located charter error", () => {
    const s = sandbox();
    const { folder, charter } = workflowWithPattern(s, "^(?=a)a+$");
    const result = s.reins("validate", folder);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `${charter.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+ input\\.properties\\.name\\.pattern: is not a pattern the linear-time engine can run`,
      ),
    );
    expect(result.stderr).toContain("lookahead and lookbehind are not supported");
  });
});
