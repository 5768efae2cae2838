// Issue 13, "redaction everywhere", on the evaluation side. Before: the JSON report, the HTML and JUnit reports, the
// terminal summary and the store's results table held the charter's redacted fields and secrets in clear (tool
// inputs, the decision, failure sentences quoting expected and actual values), and a transcript's failures quoted the
// case's expected values. The suite's cases carry an SSN (a charter `redact` field), `sk-proj-` keys, Bearer tokens
// and private keys, in their input, in the world a tool returns, and in their expectations.
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer } from "../../../src/testing/index.js";
import { type Sandbox, sandbox } from "../cli-harness.js";

// Built CLI (`npx tsup`).
const suite = "test/fixtures/redaction-suite";

/** Every secret of the fixture's cases, and the start of each key (a value cut short for a message still leaks). */
const clear = [
  "123-45-6789", // ssn: input and world of matches-secret
  "555-12-3456", // ssn: input and world of expects-another-secret
  "000-11-2222", // ssn: the expectation of expects-another-secret
  "sk-proj-qsR6RZ24lPoQj3oPUlieI2nVsbBi1R", // the input's key
  "qsR6RZ24lPoQ",
  "sk-proj-Mar1jf3YZ4Zq0CVB8iY4qw2oF5WJKB", // the key lookup_customer returns
  "Mar1jf3YZ4Zq",
  "sk-proj-Qx4BOuPhw0MZOqSCJNViCRUCIlsmlH", // the key an expectation names
  "Qx4BOuPhw0MZ",
  "wqxDqMrz4iKFJpKp4mSxieBPO9DyaUB73coj", // the input's Bearer token
  "FZS1COqkUAV3q4WZwmT2OxHTQi5TMpUFn3Nc", // the Bearer token lookup_customer returns
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", // the input's private key
  "MIIEpAIBAAKCAQEA0Z3VS5JJcds3", // the private key lookup_customer returns
];

/** The secrets a text holds in clear. */
function leaks(text: string): string[] {
  return clear.filter((secret) => text.includes(secret));
}

interface Result {
  caseId: string;
  passed: boolean;
  scores: Record<string, number>;
  failures: { category: string; message: string }[];
  toolCalls: { toolName: string; input: Record<string, unknown> }[];
  outcome: { decision?: Record<string, unknown> };
}

describe("an evaluation keeps and shows no secret and no redacted field in clear (issue 13)", () => {
  let s: Sandbox;
  let run: ReturnType<Sandbox["reins"]>;
  let paths: { json: string; html: string; junit: string };
  let results: Result[];
  let evalId: string;

  beforeAll(() => {
    s = sandbox();
    paths = { json: join(s.dir, "r.json"), html: join(s.dir, "r.html"), junit: join(s.dir, "r.xml") };
    run = s.reins(
      "eval",
      suite,
      "--trace",
      "--out",
      paths.json,
      "--html",
      paths.html,
      "--junit",
      paths.junit,
    );
    results = JSON.parse(readFileSync(paths.json, "utf8")).results;
    evalId = /eval id: (eval_\S+)/.exec(run.stdout)?.[1] ?? "";
  });

  it("scores on the real values: a case matching on its secrets passes, one whose labels name others fails", () => {
    // Scored on redacted values, expects-another-secret would pass: both sides of each comparison read the same.
    expect(run.code).toBe(0);
    expect(results.map((r) => [r.caseId, r.passed, r.scores])).toEqual([
      [
        "matches-secret",
        true,
        { taskSuccess: 1, toolCorrectness: 1, dataAccuracy: 1, policyCompliance: 1, recovery: 1 },
      ],
      [
        "expects-another-secret",
        false,
        { taskSuccess: 0, toolCorrectness: 1, dataAccuracy: 1, policyCompliance: 1, recovery: 1 },
      ],
    ]);
  });

  it("says what failed without quoting the secrets on either side of the comparison", () => {
    expect(results[1]?.failures).toEqual([
      { category: "taskSuccess", message: 'expected ssn "[REDACTED]", got "[REDACTED]"' },
      {
        category: "taskSuccess",
        message:
          'expected customers.C-2.contact to end as "Contact the on-call engineer in Berlin first, then key [REDACTED] with Autho…, got "Contact the on-call engineer in Berlin first, then key [REDACTED] with Autho…',
      },
    ]);
  });

  it("redacts the JSON report: tool inputs, the decision and failures", () => {
    const text = readFileSync(paths.json, "utf8");
    expect(leaks(text)).toEqual([]);
    expect(results[0]?.toolCalls.map((call) => call.input)).toEqual([
      { customerId: "C-1", ssn: "[REDACTED]" },
      {
        customerId: "C-1",
        contact:
          "Contact the on-call engineer in Berlin first, then key [REDACTED] with Authorization: Bearer [REDACTED]",
        attachment: "[REDACTED]\n",
      },
    ]);
    expect(results[0]?.outcome.decision).toEqual({
      decision: "verified",
      ssn: "[REDACTED]",
      confidence: 0.9,
    });
  });

  it("redacts the HTML report (with the failed trial's transcript) and the JUnit report", () => {
    const page = readFileSync(paths.html, "utf8");
    expect(page).toContain("expects-another-secret");
    expect(leaks(page)).toEqual([]);
    const junit = readFileSync(paths.junit, "utf8");
    expect(junit).toContain("expected ssn");
    expect(leaks(junit)).toEqual([]);
  });

  it("prints nothing in clear in the eval's summary", () => {
    expect(run.stdout).toContain("Worst failures");
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });

  it("prints nothing in clear in the transcripts `reins show` prints", () => {
    for (const caseId of ["matches-secret", "expects-another-secret"]) {
      const shown = s.reins("show", evalId, caseId);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain("Tool calls (2)");
      expect(leaks(shown.stdout + shown.stderr)).toEqual([]);
    }
  });

  it("stores nothing in clear, in any text of any table", () => {
    const db = new BetterSqlite3(s.store, { readonly: true });
    const tables = (
      db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
    ).map((table) => table.name);
    const found: Record<string, string[]> = {};
    let rows = 0;
    for (const table of tables) {
      for (const row of db.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]) {
        rows++;
        for (const [column, value] of Object.entries(row)) {
          const text = typeof value === "string" ? value : Buffer.isBuffer(value) ? value.toString() : "";
          const secrets = leaks(text);
          const where = `${table}.${column}`;
          if (secrets.length > 0) found[where] = [...new Set([...(found[where] ?? []), ...secrets])];
        }
      }
    }
    const counts = db
      .prepare(
        "select (select count(*) from eval_results) as results, (select count(*) from eval_transcripts) as transcripts",
      )
      .get();
    db.close();
    expect(counts).toEqual({ results: 2, transcripts: 2 });
    expect(rows).toBeGreaterThan(4);
    expect(found).toEqual({});
  });

  it("redacts the meaner cases derived from the cases too", () => {
    const out = join(s.dir, "perturbed.json");
    const perturbed = s.reins(
      "eval",
      suite,
      "--perturb",
      "all",
      "--out",
      out,
      "--html",
      join(s.dir, "p.html"),
    );
    expect(perturbed.code).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(
      report.results.filter((r: { perturbation: string | null }) => r.perturbation !== null),
    ).toHaveLength(6);
    expect(leaks(readFileSync(out, "utf8") + perturbed.stdout + perturbed.stderr)).toEqual([]);
  });

  it("creates every report readable by its owner only", () => {
    for (const file of Object.values(paths)) expect((statSync(file).mode & 0o777).toString(8)).toBe("600");
  });

  it("makes a report written over a world-readable file readable by its owner only", () => {
    const old = join(s.dir, "old.json");
    writeFileSync(old, "{}");
    chmodSync(old, 0o644);
    const again = s.reins("eval", suite, "--out", old, "--html", join(s.dir, "again.html"));
    expect(again.code).toBe(0);
    expect((statSync(old).mode & 0o777).toString(8)).toBe("600");
    expect(leaks(readFileSync(old, "utf8"))).toEqual([]);
  });
});

describe("the model cache of an evaluation", () => {
  it("keeps no answer that holds a redacted field or a secret: a re-run asks again (answers without one are cached, see openai-compatible.test.ts)", async () => {
    // The model decides with the case's SSN (a charter `redact` field) in one case and quotes a key in the other.
    const server = await startFakeOpenAIServer({
      handler: (request) => {
        const asked = JSON.stringify(request.body);
        const ssn = asked.includes("555-12-3456") ? "555-12-3456" : undefined;
        return {
          toolCalls: [
            {
              id: "d1",
              name: "reins_decide",
              arguments: ssn
                ? { decision: "verified", ssn, confidence: 0.9, rationale: "Matches." }
                : {
                    decision: "verified",
                    ssn: "n/a",
                    confidence: 0.9,
                    rationale: "Key sk-proj-Mar1jf3YZ4Zq0CVB8iY4qw2oF5WJKB seen.",
                  },
            },
          ],
        };
      },
    });
    try {
      const s = sandbox();
      const evaluate = () =>
        s.reinsAsync(
          "eval",
          suite,
          "--model",
          `openai-compatible:${server.url}#m`,
          "--out",
          join(s.dir, "m.json"),
          "--html",
          join(s.dir, "m.html"),
        );
      expect((await evaluate()).stderr).toBe("");
      const asked = server.requests.length;
      expect(asked).toBeGreaterThanOrEqual(2);
      const db = new BetterSqlite3(s.store, { readonly: true });
      const cached = db.prepare("select value from model_cache").all() as { value: string }[];
      db.close();
      expect(cached).toEqual([]);
      // Not cached, so asked again: a re-run costs the same requests, and answers the same.
      expect((await evaluate()).stderr).toBe("");
      expect(server.requests.length).toBe(2 * asked);
    } finally {
      await server.close();
    }
  });
});
