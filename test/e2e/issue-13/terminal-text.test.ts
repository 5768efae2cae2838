// Issue 13, "terminal output is text": reasons, tool names and inputs from an agent (here a scripted one writing
// escape sequences everywhere) reach the terminal escaped. Before, `reins run` and `reins audit show` printed them raw.
import { describe, expect, it } from "vitest";
import { sandbox } from "../cli-harness.js";

const workflow = "test/fixtures/escape-workflow";
// ESC, BEL, CR (other than in CRLF, which is not printed) and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the test.
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe("terminal escapes from an agent", () => {
  it("are printed as visible text by run, run --json and audit show", () => {
    const s = sandbox();
    const input = s.input("input.json", { note: "hi" });
    const run = s.reins("run", workflow, "--input", input);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("\\u001b]0;pwned\\u0007\\u001b[2J");
    expect(run.stdout).not.toMatch(rawControl);
    expect(run.stderr).not.toMatch(rawControl);
    const runId = /^run (\S+): /m.exec(run.stdout)?.[1];
    expect(runId).toBeDefined();

    const json = s.reins("run", workflow, "--input", input, "--json");
    expect(json.stdout).not.toMatch(rawControl);

    const shown = s.reins("audit", "show", String(runId));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("\\u001b[32m✓ approved");
    expect(shown.stdout).not.toMatch(rawControl);
  });
});
