// Issue 14, item 4: `reins shadow` through the built CLI on the effects workflow, whose actions land in a file. The
// agent runs in shadow: every action is recorded, none executed (the effects file stays absent). The report is the
// one computed by hand below, from JSON Lines and from CSV alike; a bad line is exit 2, located, and nothing runs.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox } from "../cli-harness.js";

const workflow = "test/fixtures/effects-workflow";

// The effects agent calls record_step `steps` times and decides `done` (confidence 1); with `email` it calls
// send_email, which in shadow answers "shadowed", and the agent then refuses. Human → agent:
//   e1 done → done (low)   e2 skipped → done (high)   e3 done → refusal (critical)   e4 escalation:needs_review → done (medium)
// Agreed 1 of 4. Human totals: done 2, skipped 1, escalation 1; agent: done 3, refusal 1.
// p_o = 1/4; p_e = (2·3)/16 = 6/16; κ = (4·1 − 6)/(16 − 6) = −2/10 = −0.2.
// Impact weights: total 1 + 4 + 8 + 2 = 15, disagreed 4 + 8 + 2 = 14.
describe("reins shadow", () => {
  for (const file of ["effects-decisions.jsonl", "effects-decisions.csv"]) {
    it(`compares the agent with the humans without executing an action (${file})`, () => {
      const s = sandbox();
      const out = join(s.dir, "shadow.json");
      const html = join(s.dir, "shadow.html");
      const result = s.reins(
        "shadow",
        workflow,
        "--human",
        `test/fixtures/shadow/${file}`,
        "--out",
        out,
        "--html",
        html,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(s.effects)).toBe(false);
      const report = JSON.parse(readFileSync(out, "utf8"));
      expect(report).toMatchObject({
        schemaVersion: 1,
        n: 4,
        agreed: 1,
        agreement: 0.25,
        kappa: -0.2,
        impactWeightedDisagreement: { disagreedWeight: 14, totalWeight: 15 },
        criticalMisses: { critical: 1, count: 1, ids: ["e3"], rateUpperBound: null },
      });
      expect(report.confusion.done).toEqual({
        done: 1,
        "escalation:needs_review": 0,
        refusal: 1,
        skipped: 0,
      });
      expect(report.confusion.skipped.done).toBe(1);
      expect(report.confusion["escalation:needs_review"].done).toBe(1);
      expect(report.perClass.done).toMatchObject({ precision: 1 / 3, recall: 1 / 2 });
      expect(report.disagreements.map((item: { id: string }) => item.id)).toEqual(["e3", "e2", "e4"]);
      expect(report.items.map((item: { runId: string }) => item.runId)).toEqual([
        "shadow-e1",
        "shadow-e2",
        "shadow-e3",
        "shadow-e4",
      ]);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(statSync(html).mode & 0o777).toBe(0o600);
      expect(readFileSync(html, "utf8")).toContain("<td>escalation:needs_review</td>");
      expect(result.stdout).toContain("4 decisions, 1 agreed (25.0 %");
      expect(result.stdout).toMatch(/critical\s+e3: human done, agent refusal/);
    });
  }

  it("keeps the shadow runs with --store and reads them back the second time, running nothing", () => {
    const s = sandbox();
    const human = "test/fixtures/shadow/effects-decisions.jsonl";
    const first = s.reins("shadow", workflow, "--human", human, "--store", "--json");
    expect(first.code, first.stderr).toBe(0);
    const shown = s.reins("audit", "show", "shadow-e2");
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/autonomy\s+shadow/);
    expect(shown.stdout).toContain("tool.shadowed");
    const second = s.reins("shadow", workflow, "--human", human, "--store");
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("read back 4 shadow runs already in the store; ran 0");
    expect(existsSync(s.effects)).toBe(false);
    const again = s.reins("shadow", workflow, "--human", human, "--store", "--json");
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(first.stdout));
    // The disagreements entered the review queue, first and the most impactful first; comparing again added nothing.
    const queue = s.reins("review", "list");
    expect(queue.code, queue.stderr).toBe(0);
    const disagreements = queue.stdout.split("\n").filter((line) => line.includes("shadow-disagreement"));
    expect(disagreements.map((line) => line.split("  ")[0])).toEqual(["shadow-e3", "shadow-e2", "shadow-e4"]);
    expect(queue.stdout.split("\n")[0]).toContain("(human done, agent refusal, impact critical)");
    expect(queue.stdout).not.toContain("shadow-e1");
    const trace = s.reins("audit", "show", "shadow-e3").stdout;
    expect(trace.match(/shadow\.compared/g)).toHaveLength(1);
    expect(s.reins("audit", "verify").code).toBe(0);
  });

  it("refuses a file with bad lines: exit 2, every line located, nothing run", () => {
    const s = sandbox();
    const out = join(s.dir, "shadow.json");
    const result = s.reins(
      "shadow",
      workflow,
      "--human",
      "test/fixtures/shadow/effects-bad.jsonl",
      "--out",
      out,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'effects-bad.jsonl:1 decision: "don" is not a decision of charter effects (did you mean done?)',
    );
    expect(result.stderr).toContain("effects-bad.jsonl:2 input.steps:");
    expect(result.stderr).toContain("effects-bad.jsonl:3 escalation:");
    expect(result.stderr).toContain("(did you mean needs_review?)");
    expect(result.stderr).toContain("effects-bad.jsonl:3 impact:");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(s.effects)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });
});
