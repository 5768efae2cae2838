import { spawnSync } from "node:child_process";
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
    const { code, stdout, stderr } = reins("validate", "examples/lead-routing");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n").slice(0, 3)).toEqual([
      "✓ examples/lead-routing/charter.yaml: lead-routing v1 (autonomy: supervised)",
      "  trigger: inbound_demo_request",
      "  decision: route_to_sales | nurture | enrich | ignore (+ status, owner), confidence ≥ 0.75",
    ]);
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

  it("shows help with exit 0", () => {
    const { code, stdout } = reins("--help");
    expect(code).toBe(0);
    expect(stdout).toContain("validate <path>");
  });
});
