import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportKeys } from "../../src/eval/report.js";
import { root, sandbox } from "./cli-harness.js";

describe("reins check", () => {
  it("catches a deliberately broken label and names the case (exit 1)", () => {
    const s = sandbox();
    const result = s.reins("check", "test/fixtures/broken-suite");
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")).toEqual([
      "✗ broken label: mislabelled-outage",
      "    taskSuccess: expected decision p2, got p1",
      '    taskSuccess: expected tickets.T-1.priority to end as "p2", got "p1"',
      "✗ ticket-priority: 1 of 2 oracle(s) do not score full marks (broken labels)",
      "",
    ]);
  });

  it("passes on a sound suite and saves each case's final state", () => {
    const s = sandbox();
    const states = join(s.dir, "states");
    const result = s.reins("check", "test/fixtures/mini-suite", "--save-states", states);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("✓ ticket-priority: 6 oracle(s) replayed, every one scores full marks");
    expect(JSON.parse(readFileSync(join(states, "enterprise-outage.json"), "utf8")).tickets["T-1"]).toEqual({
      priority: "p1",
    });
  });
});

describe("reins eval", () => {
  it("writes a versioned JSON report, JUnit and HTML, and exits 0 when the thresholds are met", () => {
    const s = sandbox();
    const out = join(s.dir, "r.json");
    const result = s.reins(
      "eval",
      "test/fixtures/mini-suite",
      "--trials",
      "2",
      "--out",
      out,
      "--junit",
      join(s.dir, "r.xml"),
      "--html",
      join(s.dir, "r.html"),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(Object.keys(report)).toEqual([...reportKeys]);
    expect(report).toMatchObject({
      schemaVersion: 2,
      suite: "ticket-priority",
      agent: "function:baseline",
      model: null,
      trials: 2,
      caseCount: 6,
    });
    expect(Object.keys(report.metrics)).toEqual([
      "taskSuccess",
      "toolCorrectness",
      "dataAccuracy",
      "policyCompliance",
      "recovery",
    ]);
    expect(Object.keys(report.passHatK)).toEqual(["1", "2"]);
    expect(Object.keys(report.results[0])).toEqual(
      expect.arrayContaining([
        "caseId",
        "trial",
        "kind",
        "perturbation",
        "decision",
        "expectedDecision",
        "scores",
        "passed",
        "failures",
        "toolCalls",
        "finalStateHash",
        "durationMs",
      ]),
    );
    expect(report.results[0].finalStateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(s.dir, "r.xml"), "utf8")).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /,
    );
    expect(readFileSync(join(s.dir, "r.html"), "utf8")).toContain("<!doctype html>");
  });

  it("exits 1 when a threshold is unmet, and 2 on bad flags", () => {
    const s = sandbox();
    const unmet = s.reins("eval", "test/fixtures/broken-suite", "--out", join(s.dir, "r.json"));
    expect(unmet.code).toBe(1);
    expect(unmet.stdout).toMatch(/✗/);
    expect(s.reins("eval", "test/fixtures/mini-suite", "--fail-under", "taskSuccess=2").code).toBe(2);
    expect(s.reins("eval", "test/fixtures/mini-suite", "--perturb", "earthquake").code).toBe(2);
    expect(s.reins("eval", "test/fixtures/mini-suite", "--trials", "0").code).toBe(2);
  });

  it("turns a failure into a red-team case that runs with every later eval", () => {
    const s = sandbox();
    const out = join(s.dir, "r.json");
    s.reins("eval", "test/fixtures/broken-suite", "--out", out);
    const redteamDir = join(root, "test/fixtures/broken-suite/redteam");
    try {
      const added = s.reins(
        "redteam",
        "add",
        "--from",
        out,
        "--case",
        "mislabelled-outage",
        "--root-cause",
        "label written from memory",
      );
      expect(added.stderr).toBe("");
      expect(added.stdout).toBe(
        `added ${join("test/fixtures/broken-suite", "redteam", "rt-mislabelled-outage-t1.yaml")}; it runs with every eval of ticket-priority\n`,
      );
      const again = s.reins("eval", "test/fixtures/broken-suite", "--out", out);
      const report = JSON.parse(readFileSync(out, "utf8"));
      expect(again.code).toBe(1);
      expect(report.byKind.redteam).toMatchObject({ cases: 1, trials: 1 });
      expect(
        report.results
          .filter((r: { redteam: boolean }) => r.redteam)
          .map((r: { caseId: string }) => r.caseId),
      ).toEqual(["rt-mislabelled-outage-t1"]);
      expect(s.reins("redteam", "add", "--from", out, "--case", "mislabelled-outage").code).toBe(2);
    } finally {
      rmSync(redteamDir, { recursive: true, force: true });
    }
  });
});
