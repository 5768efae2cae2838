// Issue 13, "every malformed input located": numeric flags are strict decimals within stated bounds. Before, `--trials
// 1e9` aborted V8 out of memory, `99999999999999999999` was an internal error, `0x10` and " 2" were read as 16 and 2,
// `--fail-under taskSuccess=0x1` as 1, and `--wait-seconds abc` was accepted (and only failed after the run acted).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox } from "../cli-harness.js";

describe("numeric flags", () => {
  it.each([
    ["--trials", "1e9"],
    ["--trials", "99999999999999999999"],
    ["--trials", "0x10"],
    ["--trials", " 2"],
    ["--trials", "1001"],
    ["--concurrency", "2.5"],
  ])("eval %s %j is a located usage error, exit 2, before anything runs", (flag, value) => {
    const s = sandbox();
    const result = s.reins("eval", "test/fixtures/mini-suite", flag, value);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${flag} takes a whole number from 1 to 1,000 written in digits, got "${value}"`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe("");
  });

  it("eval --fail-under takes a decimal in [0, 1], not hex", () => {
    const s = sandbox();
    const result = s.reins("eval", "test/fixtures/mini-suite", "--fail-under", "taskSuccess=0x1");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--fail-under takes metric=value");
  });

  it("run --wait-seconds abc is refused before the run starts", () => {
    const s = sandbox();
    const input = join(s.dir, "input.json");
    writeFileSync(input, JSON.stringify({ steps: 1 }));
    const result = s.reins(
      "run",
      "test/fixtures/effects-workflow",
      "--input",
      input,
      "--wait",
      "--wait-seconds",
      "abc",
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--wait-seconds takes a whole number from 1 to 604,800 written in digits, got "abc"',
    );
    // Nothing ran: no run id was printed.
    expect(result.stdout).toBe("");
  });
});
