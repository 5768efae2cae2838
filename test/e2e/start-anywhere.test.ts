import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { root } from "./cli-harness.js";

// `npx reins init my-flow` and the next steps it prints, run where a new user runs them: an empty folder outside any
// project, a clone of this repository, a project that installed reins. "npx reins" is the repository's bin, run
// directly by the same node, with npm's `npm_command=exec` as npx sets it.

const bin = join(root, "bin", "reins.js");
const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function reins(cwd: string, store: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, npm_command: "exec", REINS_STORE: store },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `init`, then every printed next step; returns the folder made. */
function initAndFollow(cwd: string, store: string): string {
  const init = reins(cwd, store, ["init", "my-flow"]);
  expect(init.stderr).toBe("");
  expect(init.code).toBe(0);
  const steps = init.stdout
    .split("\n")
    .filter((line) => line.startsWith("  "))
    .map((line) => (line.split("#")[0] as string).trim().split(/\s+/));
  expect(steps.map((s) => s.slice(0, 3).join(" "))).toEqual([
    "npx reins validate",
    "npx reins check",
    "npx reins eval",
  ]);
  for (const step of steps) {
    const ran = reins(cwd, store, step.slice(2));
    expect(ran.stderr, step.join(" ")).toBe("");
    expect(ran.code, `${step.join(" ")}\n${ran.stdout}`).toBe(0);
  }
  return join(cwd, "my-flow");
}

/** The schema a YAML file's `yaml-language-server` line names, resolved from the file's folder. */
function schemaOf(file: string): string {
  const first = readFileSync(file, "utf8").split("\n")[0] as string;
  const match = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
  expect(match, first).not.toBeNull();
  return resolve(dirname(file), (match as RegExpExecArray)[1] as string);
}

describe("npx reins init my-flow, then its next steps", () => {
  it("work in an empty folder outside any project (reins and zod are the CLI's own)", () => {
    const dir = mkdtempSync(join(tmpdir(), "reins-empty-"));
    cleanup.push(dir);
    const flow = initAndFollow(dir, join(dir, ".reins", "reins.db"));
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    expect(
      JSON.parse(readFileSync(join(dir, ".reins", "reports", "my-flow.json"), "utf8")).metrics.taskSuccess,
    ).toBe(1);
    // The editor schemas are the running CLI's, named by absolute path (npx's copy is outside the folder's tree).
    expect(readFileSync(join(flow, "charter.yaml"), "utf8").split("\n")[0]).toBe(
      `# yaml-language-server: $schema=${join(root, "schemas")}/charter.schema.json`,
    );
    expect(schemaOf(join(flow, "charter.yaml"))).toBe(join(root, "schemas", "charter.schema.json"));
    expect(schemaOf(join(flow, "cases", "examples.yaml"))).toBe(join(root, "schemas", "case.schema.json"));
  });

  it("work inside a clone of the repository (the scaffold's package.json no longer hides reins)", () => {
    const dir = mkdtempSync(join(root, "init-e2e-"));
    const store = mkdtempSync(join(tmpdir(), "reins-clone-store-"));
    cleanup.push(dir, store);
    const flow = initAndFollow(dir, join(store, "reins.db"));
    expect(readFileSync(join(flow, "charter.yaml"), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../schemas/charter.schema.json",
    );
    expect(schemaOf(join(flow, "cases", "examples.yaml"))).toBe(join(root, "schemas", "case.schema.json"));
  });

  it("work in a project that installed reins, and point the YAML at its node_modules/reins", () => {
    const dir = mkdtempSync(join(tmpdir(), "reins-installed-"));
    cleanup.push(dir);
    writeFileSync(join(dir, "package.json"), '{ "name": "a-project", "version": "1.0.0" }\n');
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(root, join(dir, "node_modules", "reins"), "dir");
    symlinkSync(join(root, "node_modules", "zod"), join(dir, "node_modules", "zod"), "dir");
    const flow = initAndFollow(dir, join(dir, ".reins", "reins.db"));
    expect(readFileSync(join(flow, "charter.yaml"), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../node_modules/reins/schemas/charter.schema.json",
    );
    expect(readFileSync(join(flow, "cases", "examples.yaml"), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../node_modules/reins/schemas/case.schema.json",
    );
  });
});
