// Issue 14, item 5: `reins report weekly` over what the store recorded (runs, reviews, an eval) and a shadow report
// file, as markdown and as one self-contained HTML page. Before, there was no `reins report` command.
import { appendFileSync, cpSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, type Sandbox, sandbox } from "../cli-harness.js";

const outage = {
  ticketId: "T-1",
  email: "ops@bigco.com",
  subject: "Production",
  body: "Our dashboard is down for everyone.",
};
const hostile = '<script>alert("x")</script>';

function suiteCopy(s: Sandbox): string {
  const dir = join(s.dir, "suite");
  cpSync(join(root, "test/fixtures/mini-suite"), dir, { recursive: true });
  appendFileSync(
    join(dir, "tools.ts"),
    `\nexport function createEnv(): TicketWorld {\n  return { customers: { "ops@bigco.com": { plan: "enterprise", openTickets: 2 } }, tickets: { "T-1": { priority: null } }, replies: [] };\n}\n`,
  );
  return dir;
}

function ok(result: { code: number | null; stdout: string; stderr: string }): string {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
  return result.stdout;
}

/** Tags balance (void and self-closed ones aside), and there is no script: the page parses as markup. */
function checkMarkup(page: string): void {
  const stack: string[] = [];
  const voids = new Set(["meta", "br", "hr", "img", "input", "link"]);
  for (const [, close, name = "", , selfClosed] of page.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^<>]*?)(\/?)>/g)) {
    const tag = name.toLowerCase();
    if (voids.has(tag) || selfClosed) continue;
    if (close) expect(stack.pop(), `</${tag}>`).toBe(tag);
    else stack.push(tag);
  }
  expect(stack).toEqual([]);
  expect(page).not.toMatch(/<script/i);
  expect(page).not.toMatch(/\b(src|href)=/);
}

describe("reins report weekly", () => {
  it("reports the week's runs, reviews and eval by impact, in markdown and HTML, store text escaped", () => {
    const s = sandbox();
    const suite = suiteCopy(s);
    for (const id of ["run-e", "run-r", "run-a"])
      ok(s.reins("run", suite, "--input", s.input(`${id}.json`, outage), "--run-id", id));
    ok(
      s.reins(
        "review",
        "record",
        suite,
        "run-e",
        "--outcome",
        "edited",
        "--decision",
        "p2",
        "--field",
        "team=billing",
        "--root-cause",
        "prompt",
        "--error-type",
        "poor_prioritisation",
        "--priority",
        "high",
        "--note",
        hostile,
      ),
    );
    ok(
      s.reins(
        "review",
        "record",
        suite,
        "run-r",
        "--outcome",
        "rejected",
        "--error-type",
        "wrong_tool",
        "--root-cause",
        "missing_tool",
      ),
    );
    ok(s.reins("review", "record", suite, "run-a", "--outcome", "approved"));
    // The reviews' red-team cases run in this eval, and fail: the baseline still decides p1.
    s.reins("eval", suite, "--out", join(s.dir, "r.json"), "--html", join(s.dir, "r.html"));
    const shadow = join(s.dir, "shadow.json");
    const items = ["p1", "p1", "p1", "p2"].map((humanClass, i) => ({
      id: `h${i}`,
      runId: `shadow-h${i}`,
      impact: i === 3 ? "critical" : "medium",
      humanClass,
      agentClass: "p1",
      agree: humanClass === "p1",
    }));
    writeFileSync(
      shadow,
      JSON.stringify({
        schemaVersion: 1,
        charter: { name: "ticket-priority", version: "1" },
        n: 4,
        agreed: 3,
        agreementWilsonLower: 0.3,
        items,
      }),
    );

    const md = join(s.dir, "weekly.md");
    const page = join(s.dir, "weekly.html");
    const printed = ok(s.reins("report", "weekly", "--shadow", shadow, "--out", md, "--html", page));
    expect(printed).toBe(`weekly report: ${md}\nHTML report: ${page}\n`);
    expect(statSync(md).mode & 0o777).toBe(0o600);
    expect(statSync(page).mode & 0o777).toBe(0o600);

    const markdown = readFileSync(md, "utf8");
    for (const heading of [
      "## Top failures by impact",
      "## Repeated mistakes",
      "## Where the errors came from",
      "## Tasks that should stay human-owned",
      "## Kill-switch events",
      "## Autonomy changes",
    ])
      expect(markdown).toContain(heading);
    expect(markdown).toMatch(
      /From 3 runs, 3 reviews, 1 evals \(\d+ trials\), 0 workflow events and 1 shadow reports\./,
    );
    // The edited review (priority high, 4) outranks the rejected one (no priority: medium, 2).
    const reviewRows = markdown.split("\n").filter((line) => line.includes("in review"));
    expect(reviewRows[0]).toContain(
      "ticket-priority: runs corrected in review (poor\\_prioritisation) | high | 1 | 4 | run-e",
    );
    expect(reviewRows[0]).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(reviewRows[1]).toContain("rejected in review (wrong\\_tool) | medium | 1 | 2 | run-r");
    expect(markdown).toMatch(/eval [^|]*: case rt-review-run-e failed/);
    expect(markdown).toContain("| poor\\_prioritisation | prompt | 1 | no | run-e |");
    expect(markdown).toContain("| unclear instructions | 1 | 0 | run-e |");
    expect(markdown).toContain("| tool changes | 1 | 0 | run-r |");
    expect(markdown).toMatch(/\| ticket-priority \| p2 \| 1 \| 0 \| 0\.0 % \| critical \|/);
    expect(markdown).toMatch(/\| ticket-priority \| autonomous \| 3 \|/);
    expect(markdown).toContain("No workflow was paused, flagged or resumed in this period.");
    expect(markdown).not.toContain("<script");

    const html = readFileSync(page, "utf8");
    checkMarkup(html);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    for (const id of [
      "top-failures",
      "repeated-mistakes",
      "error-sources",
      "human-owned",
      "kill-switch",
      "autonomy",
    ])
      expect(html).toContain(`<section id="${id}">`);
    expect(html).toMatch(/<svg id="failures-chart"[^>]*>[\s\S]*<rect class="bar"/);

    // Without --out, the markdown goes to stdout.
    expect(ok(s.reins("report", "weekly"))).toContain("## Top failures by impact");
  });

  it("an empty period says so plainly; bad dates and bad shadow files exit 2, located", () => {
    const s = sandbox();
    const suite = suiteCopy(s);
    ok(s.reins("run", suite, "--input", s.input("a.json", outage), "--run-id", "run-a"));
    const empty = ok(s.reins("report", "weekly", "--since", "2020-01-01", "--until", "2020-01-07"));
    expect(empty).toContain("# Weekly report: 2020-01-01T00:00:00.000Z to 2020-01-08T00:00:00.000Z");
    expect(empty).toContain("**Nothing was recorded in this period**");
    expect(empty).not.toContain("## ");
    const html = join(s.dir, "empty.html");
    ok(s.reins("report", "weekly", "--since", "2020-01-01", "--until", "2020-01-07", "--html", html));
    checkMarkup(readFileSync(html, "utf8"));
    expect(readFileSync(html, "utf8")).toContain('id="empty"');

    const bad = s.reins("report", "weekly", "--since", "yesterday");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--since takes an ISO-8601 date (2026-11-24) or date-time with its zone (2026-11-24T09:00:00Z), got "yesterday"',
    );
    expect(bad.stderr).not.toContain("    at ");

    const shadow = join(s.dir, "bad-shadow.json");
    writeFileSync(
      shadow,
      '{\n  "schemaVersion": 1,\n  "charter": { "name": "x", "version": "1" },\n  "n": "four"\n}\n',
    );
    const badShadow = s.reins("report", "weekly", "--shadow", shadow);
    expect(badShadow.code).toBe(2);
    expect(badShadow.stderr).toContain(`${shadow}:4`);
    expect(badShadow.stderr).toContain("pass the JSON report `reins shadow --out` wrote");
  });
});
