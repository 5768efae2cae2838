import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTau2Tasks } from "../../examples/tau2-retail/tau2/tasks.js";
import { root, sandbox } from "./cli-harness.js";

// Options a suite declares, passed through by the CLI after the suite folder.
describe("reins check|eval <suite> --<option> <value>", () => {
  it("reins check examples/tau2-retail --tasks <file> replays the tasks of that file", () => {
    const s = sandbox();
    const tasks = loadTau2Tasks().slice(0, 2);
    const file = s.input("two-tasks.json", tasks);
    const result = s.reins(
      "check",
      "examples/tau2-retail",
      "--tasks",
      file,
      "--save-states",
      join(s.dir, "states"),
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("✓ tau2-retail: 2 oracle(s) replayed, every one scores full marks");
    expect(result.code).toBe(0);
    // The --name=value form, with the command's own flags after it.
    const again = s.reins(
      "check",
      "examples/tau2-retail",
      `--tasks=${file}`,
      "--case",
      tasks[0]?.id as string,
    );
    expect(again.stdout).toContain("✓ tau2-retail: 1 oracle(s) replayed");
    expect(JSON.parse(readFileSync(join(s.dir, "states", `${tasks[1]?.id}.json`), "utf8"))).toBeTypeOf(
      "object",
    );
  });

  it("an option the suite does not declare is a usage error naming the declared ones (exit 2)", () => {
    const s = sandbox();
    const result = s.reins("check", "examples/tau2-retail", "--taks", "x.json");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "unknown option --taks: the suite in examples/tau2-retail/suite.ts does not declare it. Did you mean --tasks?; it declares --tasks <path>",
    );
    const plain = s.reins("eval", "test/fixtures/mini-suite", "--trails", "3");
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain(
      "unknown option --trails: the suite in test/fixtures/mini-suite/suite.ts does not declare it. Did you mean --trials?; it declares no options",
    );
  });

  it("a stray argument or an option without its value is a usage error (exit 2)", () => {
    const s = sandbox();
    const stray = s.reins("check", "test/fixtures/mini-suite", "extra");
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain(
      'unexpected argument "extra": reins check takes one suite folder, then options',
    );
    const bare = s.reins("check", "examples/tau2-retail", "--tasks");
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("--tasks needs a value (--tasks <value>)");
  });

  it("a suite declaring one of the command's own flags is told to rename it", () => {
    const s = sandbox();
    const dir = join(s.dir, "suite");
    cpSync(join(root, "test/fixtures/mini-suite"), dir, { recursive: true });
    const suiteFile = join(dir, "suite.ts");
    writeFileSync(
      suiteFile,
      readFileSync(suiteFile, "utf8")
        .replace(
          "export const suite = defineSuite({",
          'export const suite = defineSuite({ options: { perturb: { kind: "string", description: "p" } }, define: () => ({',
        )
        .replace(/\}\);\s*$/, "}) });\n"),
    );
    const result = s.reins("check", dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'option "perturb" cannot be passed: --perturb is a flag of the command itself',
    );
  });
});
