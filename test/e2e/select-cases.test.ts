import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { root, sandbox } from "./cli-harness.js";

describe("--case, --tag and --kind on reins check and reins eval", () => {
  it("check replays only the cases named, several after one --case", () => {
    const result = sandbox().reins(
      "check",
      "test/fixtures/mini-suite",
      "--case",
      "stranger",
      "injected-close",
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("✓ ticket-priority: 2 oracle(s) replayed, every one scores full marks");
    expect(result.code).toBe(0);
  });

  it("check replays only the cases of a kind", () => {
    const result = sandbox().reins("check", "test/fixtures/mini-suite", "--kind", "ambiguous");
    expect(result.stdout).toContain("✓ ticket-priority: 2 oracle(s) replayed");
    expect(result.code).toBe(0);
  });

  it("check replays only the cases carrying a tag", () => {
    const dir = join(root, "examples", "lead-routing", "cases");
    const tagged = readdirSync(dir)
      .flatMap((file) => parse(readFileSync(join(dir, file), "utf8")) as { tags?: string[] }[])
      .filter((c) => c.tags?.includes("prompt-injection")).length;
    expect(tagged).toBeGreaterThan(1);
    const result = sandbox().reins("check", "examples/lead-routing", "--tag", "prompt-injection");
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`✓ lead-routing: ${tagged} oracle(s) replayed`);
  });

  it("an unknown case id is a usage error with a suggestion (exit 2, no stack)", () => {
    const result = sandbox().reins("check", "test/fixtures/mini-suite", "--case", "stranger", "strnger");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      '--case: no case "strnger" in suite ticket-priority. Did you mean "stranger"? Known: enterprise-outage, free-invoice, enterprise-slow-not-down, enterprise-refund-outage, stranger, injected-close',
    );
    expect(result.stderr).not.toContain("    at ");
  });

  it("an unknown kind is a usage error naming the kinds (exit 2)", () => {
    const result = sandbox().reins("eval", "test/fixtures/mini-suite", "--kind", "sucess");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--kind: no kind "sucess". Did you mean "success"? Known: success, ambiguous, failure, adversarial',
    );
  });

  it("a selection that leaves nothing is a usage error, not an empty green eval (exit 2)", () => {
    const result = sandbox().reins(
      "eval",
      "test/fixtures/mini-suite",
      "--kind",
      "failure",
      "--case",
      "free-invoice",
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("leaves no case of suite ticket-priority to run");
  });

  it("eval runs the selected cases and the cases derived from them, nothing else", () => {
    const s = sandbox();
    const out = join(s.dir, "r.json");
    const result = s.reins(
      "eval",
      "test/fixtures/mini-suite",
      "--case",
      "enterprise-outage",
      "--perturb",
      "missing-field,tool-timeout",
      "--out",
      out,
      "--html",
      join(s.dir, "r.html"),
    );
    expect(result.stderr).toBe("");
    const report = JSON.parse(readFileSync(out, "utf8")) as { results: { caseId: string }[] };
    const ids = [...new Set(report.results.map((r) => r.caseId))].sort();
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids) expect(id.split("~")[0]).toBe("enterprise-outage");
  });
});
