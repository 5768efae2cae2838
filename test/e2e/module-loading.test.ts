import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { root } from "./cli-harness.js";

// How the built CLI loads a workflow's TypeScript (tools.ts, agent.ts, suite.ts) in a user's own project: compiled by
// esbuild to ES modules, imports resolved from the project. Run in child processes, because Vitest would load the modules itself.

let project: string;
beforeEach(() => {
  // A user's project as `npm init -y` makes it: no "type", so CommonJS; reins and zod installed in node_modules.
  project = mkdtempSync(join(tmpdir(), "reins-project-"));
  writeFileSync(join(project, "package.json"), '{ "name": "a-project", "version": "1.0.0" }\n');
  mkdirSync(join(project, "node_modules"));
  symlinkSync(root, join(project, "node_modules", "reins"), "dir");
  symlinkSync(join(root, "node_modules", "zod"), join(project, "node_modules", "zod"), "dir");
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

function reins(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "bin", "reins.js"), ...args], {
    cwd: project,
    env: { ...process.env, REINS_STORE: join(project, ".reins", "reins.db") },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("reins init and workflow modules in a user's project", () => {
  it("`reins init` in a CommonJS project makes a workflow that validates and evaluates", () => {
    expect(reins("init", "my-flow").code).toBe(0);
    expect(JSON.parse(readFileSync(join(project, "my-flow", "package.json"), "utf8"))).toEqual({
      private: true,
      type: "module",
    });
    expect(reins("validate", "my-flow")).toMatchObject({ code: 0, stderr: "" });
    const check = reins("check", "my-flow");
    expect(check.stdout).toContain("✓ my-flow: 4 oracle(s) replayed, every one scores full marks");
    expect(check.code).toBe(0);
    const evaluated = reins("eval", "my-flow", "--out", "r.json");
    expect(evaluated.stderr).toBe("");
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(readFileSync(join(project, "r.json"), "utf8")).metrics.taskSuccess).toBe(1);
    // An existing folder is never overwritten.
    expect(reins("init", "my-flow").code).toBe(2);
  });

  it("loads the workflow's modules as ES modules whatever package.json says", () => {
    expect(reins("init", "my-flow").code).toBe(0);
    rmSync(join(project, "my-flow", "package.json"));
    // The project's package.json has no "type": TypeScript is compiled to ES modules all the same.
    expect(reins("validate", "my-flow")).toMatchObject({ code: 0, stderr: "" });
    // A `.js` module written as an ES module is one too (Node ≥ 20.19 detects the syntax, with a warning of its own).
    writeFileSync(
      join(project, "my-flow", "policies.js"),
      'import { allow, definePolicy } from "reins";\nexport const policies = [definePolicy({ name: "open", description: "Allows all.", check: () => allow() })];\n',
    );
    const validated = reins("validate", "my-flow");
    expect(validated.code).toBe(0);
    expect(validated.stderr).not.toContain("cannot load");
    expect(reins("eval", "my-flow", "--out", "r.json").code).toBe(0);
  });

  it("names the file, line and column of a syntax error in a module (exit 2)", () => {
    expect(reins("init", "my-flow").code).toBe(0);
    const tools = join(project, "my-flow", "tools.ts");
    writeFileSync(tools, `${readFileSync(tools, "utf8")}\nexport const broken = ;\n`);
    const lines = readFileSync(tools, "utf8").split("\n").length - 1;
    const validated = reins("validate", "my-flow");
    expect(validated.code).toBe(2);
    expect(validated.stderr).toContain(
      `cannot load my-flow/tools.ts: my-flow/tools.ts:${lines}:22: Unexpected ";"`,
    );
    expect(validated.stderr).toContain("hint: fix the error in that module");
  });
});
