// Issue 14, item 6: autonomy earned on evidence, then enforced. `reins autonomy check` names what is missing per
// decision option × effect class; `--promote` writes a chained certificate; a charter hand-edited above it runs at
// the certified level and `audit show` says so. Before, no `autonomy` command existed and a run always went at the
// charter's level.
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { root, sandbox } from "../cli-harness.js";

/** A free customer's invoice ticket (p3) or an enterprise one (p2): the baseline agent decides both right. */
const ticketCase = (i: number, priority: "p2" | "p3") =>
  `- id: ${priority}-invoice-${i}
  kind: success
  impact: low
  input: { ticketId: T-2, email: ${priority === "p3" ? "sam@tiny.io" : "ops@bigco.com"}, subject: Invoice copy ${i}, body: Can I get my invoice? }
  expect:
    decision: ${priority}
    fields: { team: billing }
    tools: { required: [lookup_customer, set_priority] }
`;

/** A shadow report as `reins shadow --out` writes it, reduced to what the check reads (plus n). */
const shadowReport = (version: string, items: { id: string; agree: boolean; impact?: string }[]) => ({
  schemaVersion: 1,
  charter: { name: "ticket-priority", version },
  source: "humans.jsonl",
  n: items.length,
  items: items.map((item) => ({
    id: item.id,
    runId: `shadow-${item.id}`,
    impact: item.impact ?? "low",
    humanClass: "p3",
    agentClass: item.agree ? "p3" : "escalation:unknown_customer",
    agree: item.agree,
    confidence: 0.9,
    decidedBy: "ana",
  })),
});

describe("reins autonomy check / --promote, and the gate capping a run at its certificate", () => {
  it("names what is missing, certifies what the evidence earns, and caps a hand-edited charter", () => {
    const s = sandbox();
    const suite = join(s.dir, "suite");
    cpSync(join(root, "test/fixtures/mini-suite"), suite, { recursive: true });
    const charterFile = join(suite, "charter.yaml");
    const charter = readFileSync(charterFile, "utf8");
    // Two decision options, each earned by one kind of case; the charter asks for draft to start with.
    writeFileSync(
      charterFile,
      charter
        .replace("options: [p1, p2, p3]", "options: [p2, p3]")
        .replace("autonomy: autonomous", "autonomy: draft"),
    );
    appendFileSync(
      join(suite, "tools.ts"),
      `\nexport const createEnv = () => ({ customers: { "sam@tiny.io": { plan: "free", openTickets: 0 }, "ops@bigco.com": { plan: "enterprise", openTickets: 1 } }, tickets: { "T-2": { priority: null } }, replies: [] });\n`,
    );

    // 1. No evidence: every cell in shadow, and the bars say how many cases they need (n/(n+z²) ≥ t).
    const before = s.reins("autonomy", "check", suite);
    expect({ code: before.code, stderr: before.stderr }).toEqual({ code: 0, stderr: "" });
    expect(before.stdout).toContain("earned: shadow");
    expect(before.stdout).toContain("p3 × read (read-only classification, ≥ 95 %): shadow");
    expect(before.stdout).toContain(
      "missing: 73 more passing base eval cases of p3 for a Wilson lower bound ≥ 95 %",
    );
    expect(before.stdout).toContain(
      "missing: 189 more passing base eval cases of p3 for a Wilson lower bound ≥ 98 %",
    );
    expect(before.stdout).toContain("note: no eval of ticket-priority version 1 in the store");
    const refused = s.reins("autonomy", "check", suite, "--promote", "--expires-in-days", "0");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--expires-in-days takes a whole number from 1 to 3,650");

    // 2. Evidence: 189 base cases of each option, all passing (the action bar of 98 % needs exactly 189).
    writeFileSync(
      join(suite, "cases/tickets.yaml"),
      Array.from({ length: 189 }, (_, i) => ticketCase(i + 1, "p3") + ticketCase(i + 1, "p2")).join(""),
    );
    const evaluated = s.reins(
      "eval",
      suite,
      "--out",
      join(s.dir, "eval.json"),
      "--html",
      join(s.dir, "eval.html"),
    );
    expect({ code: evaluated.code, stderr: evaluated.stderr }).toEqual({ code: 0, stderr: "" });
    const shadowFile = join(s.dir, "shadow.json");
    writeFileSync(
      shadowFile,
      JSON.stringify(
        shadowReport("1", [
          { id: "h1", agree: true },
          { id: "h2", agree: true },
          { id: "h3", agree: false },
        ]),
      ),
    );
    const otherVersion = join(s.dir, "shadow-v2.json");
    writeFileSync(otherVersion, JSON.stringify(shadowReport("2", [{ id: "h9", agree: true }])));
    const badShadow = join(s.dir, "bad.json");
    writeFileSync(
      badShadow,
      JSON.stringify({ schemaVersion: 1, charter: { name: "x", version: "1" }, items: [{}] }),
    );
    const bad = s.reins("autonomy", "check", suite, "--shadow", badShadow);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.json");
    expect(bad.stderr).toContain("bad.json:1:66 items[0].humanClass: is required (expected string)");

    const checked = s.reins("autonomy", "check", suite, "--shadow", shadowFile, otherVersion, "--json");
    expect({ code: checked.code, stderr: checked.stderr }).toEqual({ code: 0, stderr: "" });
    const check = JSON.parse(checked.stdout);
    expect(check.level).toBe("draft");
    expect(check.effectClasses).toEqual(["read", "action"]);
    expect(check.externalTools).toEqual(["send_reply"]);
    expect(
      check.cells.map(
        (c: { option: string; effect: string; level: string }) => `${c.option}×${c.effect}=${c.level}`,
      ),
    ).toEqual(["p2×read=draft", "p2×action=draft", "p3×read=draft", "p3×action=draft"]);
    expect(check.evidence.options.p3).toEqual({
      evalBase: { successes: 189, n: 189 },
      evalPerturbed: { successes: 0, n: 0 },
      policyViolations: 0,
      reviews: { successes: 0, n: 0 },
      shadow: { successes: 2, n: 3 },
      criticalMisses: 0,
    });
    expect(check.cells[3].missing).toEqual([
      "189 more approved reviews of runs deciding p3 for a Wilson lower bound ≥ 98 %",
      "189 more passing perturbed eval cases of p3 for a Wilson lower bound ≥ 98 %",
    ]);
    expect(check.notes).toEqual([
      `${otherVersion}: a shadow report of ticket-priority version 2, not ticket-priority version 1; not counted`,
    ]);
    expect(check.current).toMatchObject({ autonomy: "draft", certified: null });

    // 3. Before any certificate, a charter hand-edited to autonomous runs autonomous: the cap below is the certificate's.
    const input = s.input("ticket.json", {
      ticketId: "T-2",
      email: "sam@tiny.io",
      subject: "Invoice",
      body: "Invoice?",
    });
    const handEdited = readFileSync(charterFile, "utf8").replace("autonomy: draft", "autonomy: autonomous");
    writeFileSync(charterFile, handEdited);
    const free = s.reins("run", suite, "--input", input, "--json");
    expect({ code: free.code, stderr: free.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(free.stdout)).toMatchObject({ outcome: { type: "decision" } });
    const freeRun = JSON.parse(free.stdout).runId as string;
    expect(s.reins("audit", "show", freeRun).stdout).toContain("autonomy  autonomous");

    // 4. Promote: the certificate is in the store, chained, granting the levels earned.
    const promoted = s.reins(
      "autonomy",
      "check",
      suite,
      "--shadow",
      shadowFile,
      "--promote",
      "--expires-in-days",
      "7",
    );
    expect({ code: promoted.code, stderr: promoted.stderr }).toEqual({ code: 0, stderr: "" });
    expect(promoted.stdout).toMatch(
      /certificate cert_\S+ \(#1\) grants draft to ticket-priority version 1, promoted by \S+, until /,
    );
    // The charter file now asks for the certified level: only its autonomy value changed.
    expect(promoted.stdout).toContain(
      `${charterFile} rewritten: autonomy autonomous → draft (a new charter version by content; its version label 1 is kept, so the evidence of this version still counts)`,
    );
    const promotedText = readFileSync(charterFile, "utf8");
    expect(promotedText).toBe(handEdited.replace("autonomy: autonomous", "autonomy: draft"));
    const db = new BetterSqlite3(s.store, { readonly: true });
    const rows = db.prepare("select * from autonomy_certificates order by seq").all() as Record<
      string,
      unknown
    >[];
    db.close();
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, string | number>;
    expect(row).toMatchObject({
      seq: 1,
      charter: "ticket-priority",
      charter_version: "1",
      level: "draft",
      prev_hash: "0".repeat(64),
    });
    expect(JSON.parse(row.levels as string)).toEqual({
      p2: { read: "draft", action: "draft" },
      p3: { read: "draft", action: "draft" },
    });
    expect(row.evidence_digest).toBe(check.evidenceDigest);
    expect(Date.parse(row.expires_at as string) - Date.parse(row.created_at as string)).toBe(
      7 * 24 * 3600 * 1000,
    );

    // 5. Hand-edited back to autonomous: the run goes at draft, set_priority becomes a proposal, and the audit says so.
    writeFileSync(charterFile, handEdited);
    const capped = s.reins("run", suite, "--input", input, "--json");
    expect({ code: capped.code, stderr: capped.stderr }).toEqual({ code: 0, stderr: "" });
    const cappedRun = JSON.parse(capped.stdout).runId as string;
    const trace = s.reins("audit", "show", cappedRun);
    expect(trace.code).toBe(0);
    expect(trace.stdout).toContain("autonomy  draft");
    expect(trace.stdout).toContain(
      `autonomy capped at draft: asked autonomous, certified draft by ${row.id} (certificate)`,
    );
    expect(s.reins("audit", "verify").code).toBe(0);
    const promotion = s.reins("audit", "show", "workflow:ticket-priority");
    expect(promotion.stdout).toContain("autonomy.certified");
    expect(promotion.stdout).toContain(row.id as string);
    const after = s.reins("autonomy", "check", suite);
    expect(after.stdout).toContain(`runs at draft (certified draft by ${row.id})`);
    expect(s.reins("audit", "verify").stdout).toContain(", 1 autonomy certificate");

    // 6. Demote fast: a red-team regression in the next eval drops the certified level at once (draft → shadow),
    // and the same regression found again does not drop it further.
    mkdirSync(join(suite, "redteam"), { recursive: true });
    writeFileSync(
      join(suite, "redteam", "rt-free-is-p2.yaml"),
      `- id: rt-free-is-p2\n  kind: failure\n  impact: high\n  input: { ticketId: T-2, email: sam@tiny.io, subject: Invoice, body: Invoice? }\n  expect: { decision: p2 }\n  redteam: { from: a test, actual: p3, rootCause: prompt, correctedOutput: p2, addedAt: "2026-12-01T00:00:00.000Z" }\n`,
    );
    const regressed = s.reins(
      "eval",
      suite,
      "--out",
      join(s.dir, "eval-2.json"),
      "--html",
      join(s.dir, "eval-2.html"),
    );
    expect(regressed.stderr).toBe("");
    const demotedId =
      /autonomy demoted: ticket-priority version 1 now certified shadow by (cert_\S+) — reins \(demoted: red-team regression \(1 case: rt-free-is-p2\)\)/.exec(
        regressed.stdout,
      )?.[1];
    expect(demotedId, regressed.stdout).toBeDefined();
    const afterDemotion = JSON.parse(s.reins("run", suite, "--input", input, "--json").stdout)
      .runId as string;
    expect(s.reins("audit", "show", afterDemotion).stdout).toContain(
      `autonomy capped at shadow: asked autonomous, certified shadow by ${demotedId} (certificate)`,
    );
    expect(s.reins("audit", "show", "workflow:ticket-priority").stdout).toContain("autonomy.demoted");
    const again = s.reins(
      "eval",
      suite,
      "--out",
      join(s.dir, "eval-3.json"),
      "--html",
      join(s.dir, "eval-3.html"),
    );
    expect(again.stdout).not.toContain("autonomy demoted");

    // 7. A certificate raised by hand in the database: audit verify names it, and the gate no longer trusts it.
    const raw = new BetterSqlite3(s.store);
    raw.prepare("update autonomy_certificates set level = 'autonomous' where seq = 1").run();
    raw.close();
    const tampered = s.reins("audit", "verify");
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(
      "TAMPERED edited: autonomy certificate #1 does not match its chain (its fields, its seq or its link to the one before were changed, or one was removed): the gate no longer trusts it or any after it",
    );
    const distrusted = JSON.parse(s.reins("run", suite, "--input", input, "--json").stdout).runId as string;
    expect(s.reins("audit", "show", distrusted).stdout).toContain("(the certificate chain is broken at #1)");
  }, 120_000);

  it("runs a charter with no certificate at its own level, or in shadow once the store requires certificates", () => {
    const s = sandbox();
    const workflow = join(s.dir, "effects");
    cpSync(join(root, "test/fixtures/effects-workflow"), workflow, { recursive: true });
    const input = s.input("steps.json", { steps: 1 });
    const level = (runId: string) => s.reins("audit", "show", runId).stdout.match(/autonomy {2}(\S+)/)?.[1];
    const run = () => {
      const r = s.reins("run", workflow, "--input", input, "--json");
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      return JSON.parse(r.stdout).runId as string;
    };
    const first = run();
    expect(level(first)).toBe("autonomous");
    expect(s.reins("audit", "show", first).stdout).not.toContain("certified");
    expect(s.reins("store", "config", "set", "certificates", "required").code).toBe(0);
    const second = run();
    expect(level(second)).toBe("shadow");
    expect(s.reins("audit", "show", second).stdout).toContain(
      "autonomy capped at shadow: asked autonomous, certified shadow (no-valid-certificate: the store requires a certificate and holds none for this charter)",
    );
    const bad = s.reins("store", "config", "set", "certificates", "maybe");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('store setting certificates takes optional or required, got "maybe"');
  });
});
