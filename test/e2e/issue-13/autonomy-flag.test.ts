// Issue 13, "protection that says what it protects": `reins run --autonomy` may only lower the charter's level.
// Before, `--autonomy autonomous` on a supervised charter ran its actions without approval.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, sandbox } from "../cli-harness.js";

const fixture = join(root, "test/fixtures/effects-workflow");

describe("reins run --autonomy", () => {
  it("refuses to raise a charter's level and runs nothing; lowering it works", () => {
    const s = sandbox();
    // The effects workflow with its charter set to supervised; its tools and agent are the fixture's.
    const dir = join(s.dir, "supervised");
    mkdirSync(dir);
    const charter = readFileSync(join(fixture, "charter.yaml"), "utf8");
    writeFileSync(join(dir, "charter.yaml"), charter.replace("autonomy: autonomous", "autonomy: supervised"));
    writeFileSync(join(dir, "tools.ts"), `export * from ${JSON.stringify(join(fixture, "tools.ts"))};\n`);
    writeFileSync(join(dir, "agent.ts"), `export * from ${JSON.stringify(join(fixture, "agent.ts"))};\n`);
    const input = s.input("input.json", { steps: 1 });

    const raised = s.reins("run", dir, "--input", input, "--autonomy", "autonomous");
    expect(raised.code).toBe(2);
    expect(raised.stderr).toContain(
      "--autonomy autonomous would raise the charter's level (supervised); the flag may only lower it, to shadow, draft, supervised",
    );
    expect(raised.stdout).toBe("");

    const lowered = s.reins("run", dir, "--input", input, "--autonomy", "shadow");
    expect(lowered.stderr).toBe("");
    expect(lowered.code).toBe(0);
    expect(lowered.stdout).toMatch(/^run \S+: completed/);
  });
});
