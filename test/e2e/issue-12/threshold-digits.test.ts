import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox } from "../cli-harness.js";

// Issue 12, "numbers never round a fail into a pass": the baseline passes 2 of the fixture's 3 cases, so task
// success is exactly 2/3, printed 66.7% at one decimal.
const folder = "test/fixtures/issue-12-payouts-no-text";

function evalUnder(threshold: string) {
  const s = sandbox();
  const out = join(s.dir, "r.json");
  const html = join(s.dir, "r.html");
  const result = s.reins(
    "eval",
    folder,
    "--out",
    out,
    "--html",
    html,
    "--fail-under",
    `taskSuccess=${threshold}`,
  );
  const report = JSON.parse(readFileSync(out, "utf8"));
  return { ...result, check: report.thresholds.checks[0], html: readFileSync(html, "utf8") };
}

describe("a threshold prints with the digits that show the comparison", () => {
  it("a share just under its threshold fails, and both sides print differently (terminal, JSON, HTML)", () => {
    for (const [threshold, comparison] of [
      ["0.6667", "66.667% < 66.670%"],
      // 1e-4 above the share.
      [String(2 / 3 + 1e-4), "66.67% < 66.68%"],
    ] as const) {
      const { code, stdout, check, html } = evalUnder(threshold);
      expect(code).toBe(1);
      expect(stdout).toContain(`  ✗ task success ${comparison} (fail-under)\n`);
      expect(check).toMatchObject({ metric: "taskSuccess", passed: false, actual: 2 / 3, comparison });
      expect(html).toContain(`<b>task success ${comparison.replace("<", "&lt;")}</b>`);
      // The failing bar is not drawn green.
      expect(html).toMatch(/<rect class="bar poor"[^>]*><title>task success: /);
    }
  });

  it("a share equal to its threshold passes", () => {
    const { stdout, check, html } = evalUnder(String(2 / 3));
    expect(stdout).toContain("  ✓ task success 66.7% ≥ 66.7% (fail-under)\n");
    expect(check).toMatchObject({ passed: true, comparison: "66.7% ≥ 66.7%" });
    expect(html).toContain("<b>task success 66.7% ≥ 66.7%</b>");
  });
});
