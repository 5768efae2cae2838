import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../program.js";

// In-process: the real command, parser and error handling, with the output captured.
async function reins(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    setExitCode: () => {},
    isTty: false,
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const before = "test/fixtures/reports/before.json";
const after = "test/fixtures/reports/after.json";

describe("reins compare", () => {
  it("prints regressions first and exits 1 when a case got worse", async () => {
    const { code, stdout, stderr } = await reins("compare", before, after);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(stdout.split("\n").slice(0, 5)).toEqual([
      "Regressions (3)",
      "  critical  lead-003  task success       100.0%  →  50.0%",
      "  critical  lead-003  policy compliance  100.0%  →  50.0%",
      "  critical  lead-003  recovery           100.0%  →  50.0%",
      "",
    ]);
  });

  it("exits 0 when nothing got worse", async () => {
    const { code, stdout } = await reins("compare", after, after);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("No regressions: no case's rate fell in any category.");
  });

  it("prints JSON with --json, with the same exit code", async () => {
    const { code, stdout } = await reins("compare", after, before, "--json");
    expect(code).toBe(1);
    const comparison = JSON.parse(stdout);
    expect(Object.keys(comparison)).toEqual([
      "metrics",
      "passHatK",
      "regressions",
      "improvements",
      "added",
      "removed",
      "versions",
    ]);
    // Both fixtures were written before reports recorded versions: nothing is said about what changed.
    expect(comparison.versions).toEqual({ known: false, unknownIn: ["before", "after"] });
    expect(comparison.regressions).toHaveLength(4);
    expect(comparison.improvements).toHaveLength(3);
    expect(comparison.regressions[0]).toEqual({
      caseId: "lead-002",
      perturbation: null,
      impact: "high",
      metric: "taskSuccess",
      before: 1,
      after: 0.5,
    });
  });

  it("exits 2 with a located message for a missing or invalid report, and for bad usage", async () => {
    expect(await reins("compare", before, "no/such.json")).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "no/such.json cannot read eval report no/such.json: ENOENT\nhint: write one with `reins eval --out <file.json>`",
    });
    const dir = mkdtempSync(join(tmpdir(), "reins-compare-"));
    const future = join(dir, "future.json");
    writeFileSync(future, '{\n  "schemaVersion": 3\n}\n');
    const result = await reins("compare", future, after);
    expect(result.code).toBe(2);
    expect(result.stderr.replace(dir, "<dir>")).toBe(
      "<dir>/future.json:2:20 schemaVersion: this reins reads eval reports of schemaVersion 1 and 2, not 3\nhint: read it with the reins version that wrote it, or run the eval again with this one",
    );
    const usage = await reins("compare", before);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: missing required argument 'after'");
  });
});
