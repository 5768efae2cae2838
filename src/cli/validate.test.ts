import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Runs the real, built CLI in a child process: what a user's shell sees, exit code included.
const bin = fileURLToPath(new URL("../../bin/reins.js", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));
const reins = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe("reins validate", () => {
  it("summarises a valid charter and its tools", () => {
    const { code, stdout, stderr } = reins("validate", "test/fixtures/mini-suite");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n")).toEqual([
      "✓ test/fixtures/mini-suite/charter.yaml: ticket-priority v1 (autonomy: autonomous)",
      "  trigger: ticket_created",
      "  decision: p1 | p2 | p3 (+ team), confidence ≥ 0.6",
      "  tools (3): lookup_customer (read), set_priority (action), send_reply (action, external)",
      "  forbidden: close_ticket",
      "  escalates on: unknown_customer",
      "  policy: 11 built-in rules, 0 declared, 0 custom; at most 20 tool calls per run",
      "  suite: ticket-priority (6 case(s)), labels checked against the charter and tools",
      "  agent: baseline",
      "",
    ]);
  });

  it("validates the shipped examples", () => {
    for (const example of ["examples/lead-routing", "examples/support-triage"]) {
      const { code, stderr } = reins("validate", example);
      expect(stderr).toBe("");
      expect(code).toBe(0);
    }
  });

  it("prints located errors, exits 2 and never a stack trace", () => {
    const { code, stdout, stderr } = reins("validate", "test/fixtures/bad-charters");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n")).toEqual([
      "test/fixtures/bad-charters/bad-yaml/charter.yaml:5:1 Flow sequence in block collection must be sufficiently indented and end with a ] (fix the syntax)",
      'test/fixtures/bad-charters/unknown-tool/charter.yaml:8:13 tools.allowed[0]: unknown tool "crm_lookup". Known tools: none registered',
      "2 of 2 charters invalid",
      "",
    ]);
    expect(stderr).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it("exits 2 with a clear message for a missing path and for bad usage", () => {
    expect(reins("validate", "no/such/dir")).toEqual({
      code: 2,
      stdout: "",
      stderr: "no/such/dir no such file or folder: no/such/dir\n",
    });
    const usage = reins("validate");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: missing required argument 'path'");
    expect(reins("frobnicate").code).toBe(2);
  });

  it("--types type-checks the folder's TypeScript against the installed reins, located", () => {
    const dir = mkdtempSync(join(tmpdir(), "reins-types-"));
    for (const file of ["charter.yaml", "tools.ts"])
      cpSync(join(root, "test/fixtures/mini-suite", file), join(dir, file));
    const tools = join(dir, "tools.ts");
    writeFileSync(
      tools,
      readFileSync(tools, "utf8").replace(/note: `Customer on the .*? plan\.`/, "note: 42"),
    );
    const { code, stderr } = reins("validate", "--types", dir);
    expect(stderr).toMatch(
      new RegExp(`^${dir}/tools\\.ts:26:3 Type '.*' is not assignable to type '.*'\\. \\(TS2322\\)$`, "m"),
    );
    expect(code).toBe(2);
  });

  it("shows help with exit 0", () => {
    const { code, stdout } = reins("--help");
    expect(code).toBe(0);
    expect(stdout).toContain("validate [options] <path>");
  });
});
