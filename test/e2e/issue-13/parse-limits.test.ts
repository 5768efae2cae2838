// Issue 13, "linear parsing and bounded input": --input, cases and charters parse in time linear in their size, with
// depth and count limits, unknown YAML tags refused and numbers JSON cannot hold located. Before: a 100,000-key YAML
// input never finished (the YAML library's duplicate-key check is quadratic), a 10,000-deep JSON case and 1e400 in an
// input surfaced as store failures, and `!include /etc/passwd` was read as the string "/etc/passwd".
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, sandbox } from "../cli-harness.js";

const openInput = join(root, "test/fixtures/open-input");
const noStack = /\n\s+at /;

describe("parsing what the user gives", () => {
  it("accepts a 100,000-key YAML --input (main had not finished after 60 s)", async () => {
    const s = sandbox();
    const file = join(s.dir, "input.yaml");
    const lines = ["steps: 1"];
    for (let i = 0; i < 100_000; i++) lines.push(`k${i}: ${i}`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    // Not blocking this process, so that the test's time limit can end it (on main, it did not end).
    const result = await s.reinsAsync("run", openInput, "--input", file);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("completed");
    expect(result.code).toBe(0);
  });

  it("still refuses a duplicate key in a YAML --input, located", () => {
    const s = sandbox();
    const file = join(s.dir, "input.yaml");
    writeFileSync(file, "steps: 1\nnote: a\nnote: b\n");
    const result = s.reins("run", openInput, "--input", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3:1 the key "note" appears twice in this mapping`);
  });

  it("refuses 1e400 in a JSON --input, located, before the run starts", () => {
    const s = sandbox();
    const file = join(s.dir, "input.json");
    writeFileSync(file, '{"steps": 1, "amount": 1e400}');
    const result = s.reins("run", openInput, "--input", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:1:24 1e400 is beyond the largest number JSON can hold`);
    expect(result.stderr).not.toMatch(noStack);
    expect(s.reins("audit", "show").stdout).not.toContain("run.started");
  });

  it("refuses -1e400 and an integer beyond 2^53 in a YAML --input", () => {
    const s = sandbox();
    const file = join(s.dir, "input.yaml");
    writeFileSync(file, "steps: 1\nlow: -1e400\naccount: 12345678901234567890\n");
    const result = s.reins("run", openInput, "--input", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2:6 -1e400 is beyond the largest number JSON can hold`);
    expect(result.stderr).toContain(`${file}:3:10 12345678901234567890 is an integer beyond 2^53`);
  });

  it("refuses an unknown YAML tag instead of reading it as a string", () => {
    const s = sandbox();
    const file = join(s.dir, "input.yaml");
    writeFileSync(file, "steps: 1\nsecret: !include /etc/passwd\n");
    const result = s.reins("run", openInput, "--input", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2:18 the YAML tag !include is not supported`);
  });

  it("refuses a 10,000-deep JSON --input with the depth limit, located", () => {
    const s = sandbox();
    const file = join(s.dir, "input.json");
    writeFileSync(file, `{"steps": 1, "deep": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
    const result = s.reins("run", openInput, "--input", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:1:85 is nested more than 64 levels deep`);
  });

  it("refuses a 10,000-deep JSON case before the eval runs (main failed in the store)", () => {
    const s = sandbox();
    const suite = join(s.dir, "suite");
    cpSync(join(root, "test/fixtures/mini-suite"), suite, { recursive: true });
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const file = join(suite, "cases", "deep.json");
    writeFileSync(
      file,
      `{"id": "deep", "kind": "success", "impact": "low",\n "input": {"ticketId": "T-3", "email": "sam@tiny.io", "subject": "x", "body": "y", "extra": ${deep}},\n "expect": {"decision": "p3"}}`,
    );
    const result = s.reins("eval", suite, "--out", join(s.dir, "r.json"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2:155 is nested more than 64 levels deep`);
    expect(result.stderr).not.toContain("REINS_STORE");
    expect(result.stdout).toBe("");
  });

  it("refuses an unknown tag in a charter, located", () => {
    const s = sandbox();
    const folder = join(s.dir, "wf");
    cpSync(join(root, "test/fixtures/effects-workflow"), folder, { recursive: true });
    writeFileSync(join(folder, "charter.yaml"), "name: x\ninstructions: !include /etc/passwd\n");
    const result = s.reins("validate", folder);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${join(folder, "charter.yaml")}:2:24 the YAML tag !include is not supported`,
    );
  });
});
