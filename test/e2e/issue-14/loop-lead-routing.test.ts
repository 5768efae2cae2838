// Issue 14, "Done when": the whole loop on examples/lead-routing, in one test, through the built CLI. Runs in draft
// (a model over HTTP, scripted by a fake OpenAI-compatible server on loopback) → reviews (one edited, one rejected,
// one approved) → the regression cases appear and run in the next eval → `export training` in all three formats →
// `shadow` against a human-decisions file → `report weekly` → `autonomy check` naming what is missing → `--promote`
// after enough evidence → a hand-edited charter refused its uncertified level at run time.
import { cpSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type FakeReply, startFakeOpenAIServer } from "../../../src/testing/index.js";
import { root, type Sandbox, sandbox } from "../cli-harness.js";

const call = (id: string, name: string, args: Record<string, unknown>) => ({ id, name, arguments: args });

const northwind = JSON.parse(
  readFileSync(join(root, "examples/lead-routing/inputs/northwind-freight.json"), "utf8"),
) as { form: Record<string, unknown> } & Record<string, unknown>;

/** A lead that holds a phone number (a charter `redact` field): its run stores the input redacted. */
const leadA = { ...northwind, leadId: "L-9101" };
/** A personal address naming a company: the charter says enrich (the research team finds the domain). */
const leadB = {
  ...northwind,
  leadId: "L-9102",
  domain: "gmail.com",
  form: {
    name: "Sam Ortiz",
    email: "sam.ortiz@gmail.com",
    company: "Ortiz Consulting",
    message: "We would like to see how routing works for our sales team.",
  },
};
/** A small company: nurture. */
const leadC = {
  ...northwind,
  leadId: "L-9103",
  domain: "smallshop.io",
  form: {
    name: "Lee Park",
    email: "lee@smallshop.io",
    company: "Small Shop",
    employees: 20,
    country: "US",
    message: "Interested in a demo of lead routing.",
  },
};

/** The "model": run A routes to the wrong rep, run B nurtures a lead that needed research, run C is right. */
const replies: FakeReply[] = [
  {
    toolCalls: [
      call("a1", "crm_lookup_account", {
        domain: "northwindfreight.com",
        email: "dana.whitfield@northwindfreight.com",
      }),
    ],
  },
  { toolCalls: [call("a2", "enrich_company", { domain: "northwindfreight.com" })] },
  { toolCalls: [call("a3", "find_calendar_slots", { team: "amer" })] },
  {
    toolCalls: [
      call("a4", "compose_email", {
        to: "dana.whitfield@northwindfreight.com",
        subject: "Your demo request",
        body: "Hi Dana,\n\nAva Thompson will walk you through routing. Would 3 June at 16:00 UTC work?\n\nBest regards",
        leadId: "L-9101",
      }),
      call("a5", "crm_update_lead", {
        leadId: "L-9101",
        accountId: null,
        decision: "route_to_sales",
        status: "qualified",
        owner: "ava.thompson",
        note: "300 employees, US.",
        confidence: 0.9,
      }),
    ],
  },
  {
    toolCalls: [
      call("a6", "reins_decide", {
        decision: "route_to_sales",
        status: "qualified",
        owner: "ava.thompson",
        confidence: 0.9,
        rationale: "US company of 300: AMER.",
      }),
    ],
  },
  {
    toolCalls: [
      call("b1", "crm_update_lead", {
        leadId: "L-9102",
        accountId: null,
        decision: "nurture",
        status: "nurture",
        owner: null,
        note: "Personal address.",
        confidence: 0.85,
      }),
    ],
  },
  {
    toolCalls: [
      call("b2", "reins_decide", {
        decision: "nurture",
        status: "nurture",
        owner: null,
        confidence: 0.85,
        rationale: "Personal address: nurture.",
      }),
    ],
  },
  { toolCalls: [call("c1", "crm_lookup_account", { domain: "smallshop.io", email: "lee@smallshop.io" })] },
  { toolCalls: [call("c2", "enrich_company", { domain: "smallshop.io" })] },
  {
    toolCalls: [
      call("c3", "crm_update_lead", {
        leadId: "L-9103",
        accountId: null,
        decision: "nurture",
        status: "nurture",
        owner: null,
        note: "20 employees.",
        confidence: 0.9,
      }),
    ],
  },
  {
    toolCalls: [
      call("c4", "reins_decide", {
        decision: "nurture",
        status: "nurture",
        owner: null,
        confidence: 0.9,
        rationale: "20 employees: under 50.",
      }),
    ],
  },
];

const teams = [
  { country: "US", owner: "jamal.wright" },
  { country: "DE", owner: "sofia.rossi" },
  { country: "JP", owner: "priya.nair" },
];

/**
 * Routine leads, each with one unambiguous answer by the charter: a new company the enrichment sizes at 60–959
 * (route to the team's first rep in the rotation), one sized 5–44 (nurture), a personal address naming a company
 * (enrich), a disposable address (ignore). Hundreds of labelled cases are what a team gathers before a promotion;
 * these stand in for them, so that the test shows the promotion's mechanics on evidence the agent really earns
 * (the eval runs the baseline on every one of them and scores it as any case).
 */
function routineCases(perOption: Record<"sales" | "nurture" | "enrich" | "ignore", number>): unknown[] {
  const cases: unknown[] = [];
  let lead = 20_000;
  const base = (id: string, name: string, email: string, domain: string, extra: Record<string, unknown>) => ({
    id,
    kind: "success",
    impact: "medium",
    description: `Routine generated lead ${id}.`,
    tags: ["routine", "generated"],
    input: {
      leadId: `L-${lead++}`,
      receivedAt: "2025-06-02T10:00:00Z",
      form: { name, email, message: "We would like a demo of lead routing for our team.", ...extra },
      domain,
      source: "organic",
    },
  });
  for (let i = 0; i < perOption.sales; i++) {
    const team = teams[i % teams.length] as (typeof teams)[number];
    const domain = `routine-sales-${i}.com`;
    cases.push({
      ...base(`routine-sales-${i}`, `Pat Sales${i}`, `pat@${domain}`, domain, {
        company: `Routine Sales ${i}`,
      }),
      world: {
        enrichment: {
          [domain]: {
            name: `Routine Sales ${i}`,
            employees: 60 + i,
            industry: "Logistics",
            country: team.country,
          },
        },
      },
      expect: { decision: "route_to_sales", fields: { status: "qualified", owner: team.owner } },
    });
  }
  for (let i = 0; i < perOption.nurture; i++) {
    const domain = `routine-small-${i}.com`;
    cases.push({
      ...base(`routine-nurture-${i}`, `Kim Small${i}`, `kim@${domain}`, domain, {
        company: `Routine Small ${i}`,
      }),
      world: {
        enrichment: {
          [domain]: {
            name: `Routine Small ${i}`,
            employees: 5 + (i % 40),
            industry: "Retail",
            country: "US",
          },
        },
      },
      expect: { decision: "nurture", fields: { status: "nurture", owner: null } },
    });
  }
  for (let i = 0; i < perOption.enrich; i++) {
    cases.push({
      ...base(`routine-enrich-${i}`, `Alex Named${i}`, `alex.named${i}@gmail.com`, "gmail.com", {
        company: `Named Company ${i}`,
      }),
      expect: { decision: "enrich", fields: { status: "needs_review", owner: null } },
    });
  }
  for (let i = 0; i < perOption.ignore; i++) {
    cases.push({
      ...base(`routine-ignore-${i}`, `Spam Bot${i}`, `bot${i}@mailinator.com`, "mailinator.com", {
        company: "Big Company",
      }),
      expect: { decision: "ignore", fields: { status: "disqualified", owner: null } },
    });
  }
  return cases;
}

const jsonl = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function ok(result: { code: number | null; stdout: string; stderr: string }, code = 0): string {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code, stderr: "" });
  expect(result.stdout).not.toMatch(/\n\s+at /);
  return result.stdout;
}

describe("the training loop on examples/lead-routing, through the CLI", () => {
  it("draft runs → reviews → regression cases → training data → shadow → weekly → autonomy earned and enforced", async () => {
    const s: Sandbox = sandbox();
    const flow = join(s.dir, "lead-routing");
    cpSync(join(root, "examples/lead-routing"), flow, {
      recursive: true,
      filter: (path) => !path.endsWith(".test.ts"),
    });
    const inputs = {
      a: s.input("lead-a.json", leadA),
      b: s.input("lead-b.json", leadB),
      c: s.input("lead-c.json", leadC),
    };
    const server = await startFakeOpenAIServer({ replies });
    try {
      // 1. Runs in draft, by a model over HTTP: actions become proposals for a human.
      for (const id of ["a", "b", "c"] as const) {
        const result = await s.reinsAsync(
          "run",
          flow,
          "--input",
          inputs[id],
          "--model",
          `openai-compatible:${server.url}#fake-model`,
          "--autonomy",
          "draft",
          "--run-id",
          `run-${id}`,
        );
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
        expect(result.stdout).toContain(`run run-${id}: completed`);
      }
      expect(server.requests.filter((r) => r.scriptExhausted)).toEqual([]);
    } finally {
      await server.close();
    }
    const queue = ok(s.reins("review", "list"));
    expect(
      queue
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split("  ")[0])
        .sort(),
    ).toEqual(["run-a", "run-b", "run-c"]);
    expect(queue).toContain("draft  proposal");

    // 2. Reviews: A edited (the right rep), B rejected with the right decision, C approved.
    const edited = ok(
      s.reins(
        "review",
        "record",
        flow,
        "run-a",
        "--outcome",
        "edited",
        "--field",
        "owner=jamal.wright",
        "--error-type",
        "missing_context",
        "--root-cause",
        "data",
        "--priority",
        "high",
      ),
    );
    // A's input held a phone number, stored redacted: its case waits for the real input.
    expect(edited).toContain("red-team case rt-review-run-a added");
    expect(edited).toContain(
      "not runnable yet (evals skip it, counted): the run's input was stored redacted (form.phone)",
    );
    const rejected = ok(
      s.reins(
        "review",
        "record",
        flow,
        "run-b",
        "--outcome",
        "rejected",
        "--decision",
        "enrich",
        "--field",
        "status=needs_review",
        "--error-type",
        "poor_prioritisation",
        "--root-cause",
        "prompt",
      ),
    );
    expect(rejected).toContain("red-team case rt-review-run-b added");
    expect(rejected).toContain("it runs with every eval from now on");
    ok(s.reins("review", "record", flow, "run-c", "--outcome", "approved"));
    ok(s.reins("redteam", "from-review", flow, "run-a", "--input", inputs.a));
    const caseA = parse(readFileSync(join(flow, "redteam", "rt-review-run-a.yaml"), "utf8"));
    expect(caseA.input).toEqual(leadA);
    expect(caseA.expect).toMatchObject({ decision: "route_to_sales", fields: { owner: "jamal.wright" } });
    expect(caseA.redteam).toMatchObject({
      runId: "run-a",
      rootCause: "data",
      actual: { outcome: { decision: "route_to_sales", owner: "ava.thompson" } },
    });
    expect(caseA.redteam.notRunnable).toBeUndefined();

    // 3. The next eval runs both regression cases (the baseline agent passes them: it routes A to jamal.wright and
    // sends B to research).
    const first = join(s.dir, "eval-1.json");
    const evaluated = s.reins("eval", flow, "--out", first, "--html", join(s.dir, "eval-1.html"));
    expect(evaluated.code, evaluated.stderr).toBe(1); // the suite's own thresholds, as in the README's quick start
    expect(evaluated.stdout).not.toContain("not runnable");
    const report1 = JSON.parse(readFileSync(first, "utf8"));
    expect(report1.byKind.redteam).toMatchObject({ cases: 2, trials: 2 });
    expect(
      report1.results
        .filter((r: { redteam: boolean }) => r.redteam)
        .map((r: { caseId: string; passed: boolean }) => [r.caseId, r.passed])
        .sort(),
    ).toEqual([
      ["rt-review-run-a", true],
      ["rt-review-run-b", true],
    ]);
    expect(JSON.stringify(report1)).not.toContain("+1 312 555 7781");

    // 4. Training data in the three formats, redacted, 0600.
    const exported: Record<string, Record<string, unknown>[]> = {};
    for (const format of ["openai-sft", "openai-dpo", "trl-preference"]) {
      const out = join(s.dir, `${format}.jsonl`);
      // The summary goes to stderr (stdout is for the lines themselves when there is no --out).
      const result = s.reins("export", "training", flow, "--format", format, "--out", out, "--suite", flow);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain("dropped (disputed: reviewers disagree) 0");
      // The corrected runs' inputs are now eval cases (their regression cases): reported, so training cannot leak
      // into the test set unnoticed.
      expect(result.stderr).toContain(
        "overlapping eval cases 2: run-a (rt-review-run-a), run-b (rt-review-run-b) (written; --exclude-eval-overlap leaves them out)",
      );
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const text = readFileSync(out, "utf8");
      expect(text).not.toContain("+1 312 555 7781");
      exported[format] = jsonl(text);
    }
    const sft = exported["openai-sft"] as {
      messages: { role: string; tool_calls?: unknown[]; content?: unknown }[];
      tools: unknown[];
    }[];
    // The approved run and the two corrected ones.
    expect(sft).toHaveLength(3);
    for (const line of sft) {
      expect(line.messages[0]?.role).toBe("system");
      expect(line.messages[1]?.role).toBe("user");
      expect(line.tools.length).toBeGreaterThan(0);
      for (const message of line.messages) {
        expect(["system", "user", "assistant", "tool"]).toContain(message.role);
        for (const toolCall of (message.tool_calls ?? []) as {
          id: string;
          type: string;
          function: { name: string; arguments: string };
        }[]) {
          expect(toolCall.type).toBe("function");
          expect(typeof toolCall.id).toBe("string");
          expect(typeof JSON.parse(toolCall.function.arguments)).toBe("object");
        }
      }
    }
    const excluded = s.reins(
      "export",
      "training",
      flow,
      "--format",
      "openai-sft",
      "--suite",
      flow,
      "--exclude-eval-overlap",
    );
    expect(excluded.code, excluded.stderr).toBe(0);
    expect(jsonl(excluded.stdout)).toHaveLength(1);
    const corrected = JSON.stringify(sft);
    expect(corrected).toContain("jamal.wright");
    const dpo = exported["openai-dpo"] as {
      input: unknown;
      preferred_output: unknown[];
      non_preferred_output: unknown[];
    }[];
    const trl = exported["trl-preference"] as { prompt: unknown; chosen: unknown; rejected: unknown }[];
    // A preference pair per corrected run: the edit and the rejection.
    expect(dpo).toHaveLength(2);
    expect(trl).toHaveLength(2);
    expect(JSON.stringify(dpo.map((pair) => pair.non_preferred_output))).toContain("ava.thompson");
    expect(JSON.stringify(dpo.map((pair) => pair.preferred_output))).toContain("jamal.wright");
    // TRL's conversational preference format, with the tool schemas its chat templates take.
    for (const pair of trl)
      expect(Object.keys(pair).sort()).toEqual(["chosen", "prompt", "rejected", "tools"]);

    // 5. Shadow: the baseline beside four human decisions, one of which it disagrees with.
    const human = join(s.dir, "human.jsonl");
    writeFileSync(
      human,
      [
        {
          id: "h1",
          input: leadA,
          decision: "route_to_sales",
          fields: { status: "qualified", owner: "jamal.wright" },
          impact: "high",
        },
        { id: "h2", input: leadB, decision: "enrich", impact: "medium" },
        { id: "h3", input: leadC, decision: "nurture", impact: "low" },
        { id: "h4", input: { ...leadC, leadId: "L-9104" }, decision: "enrich", impact: "high" },
      ]
        .map((line) => JSON.stringify(line))
        .join("\n"),
    );
    const shadowFile = join(s.dir, "shadow.json");
    const shadowed = ok(
      s.reins(
        "shadow",
        flow,
        "--human",
        human,
        "--store",
        "--out",
        shadowFile,
        "--html",
        join(s.dir, "shadow.html"),
      ),
    );
    expect(shadowed).toContain(`JSON report: ${shadowFile}`);
    const shadow = JSON.parse(readFileSync(shadowFile, "utf8"));
    expect(shadow).toMatchObject({ n: 4, agreed: 3, agreement: 0.75 });
    expect(
      shadow.disagreements.map((d: { id: string; humanClass: string; agentClass: string }) => [
        d.id,
        d.humanClass,
        d.agentClass,
      ]),
    ).toEqual([["h4", "enrich", "nurture"]]);
    // The disagreement is first in the review queue.
    expect(ok(s.reins("review", "list")).split("\n")[0]).toContain(
      "shadow-h4  lead-routing  completed  shadow  shadow-disagreement  (human enrich, agent nurture, impact high)",
    );

    // 6. The weekly report, from the runs, reviews, evals and the shadow report.
    const weekly = join(s.dir, "weekly.md");
    ok(
      s.reins(
        "report",
        "weekly",
        "--shadow",
        shadowFile,
        "--out",
        weekly,
        "--html",
        join(s.dir, "weekly.html"),
      ),
    );
    const markdown = readFileSync(weekly, "utf8");
    expect(markdown).toContain("lead-routing");
    expect(markdown).toContain(
      "From 7 runs, 3 reviews, 1 evals (180 trials), 0 workflow events and 1 shadow reports.",
    );
    expect(markdown).toContain(
      "lead-routing: runs corrected in review (missing\\_context) | high | 1 | 4 | run-a",
    );
    expect(markdown).toContain(
      "lead-routing: runs rejected in review (poor\\_prioritisation) | medium | 1 | 2 | run-b",
    );
    // Ranked by impact weight, not by count.
    const top = markdown.slice(
      markdown.indexOf("## Top failures by impact"),
      markdown.indexOf("## Repeated mistakes"),
    );
    const weights = [...top.matchAll(/^\| \d+ \|[^|]+\|[^|]+\|[^|]+\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(weights.length).toBeGreaterThan(2);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(readFileSync(join(s.dir, "weekly.html"), "utf8")).toContain("<svg");

    // 7. The autonomy check on this evidence: shadow, and exactly what is missing.
    const check = ok(s.reins("autonomy", "check", flow));
    expect(check).toContain(
      "lead-routing version 2: the charter asks supervised; runs at supervised (no certificate in the store for it)",
    );
    expect(check).toContain("earned: shadow");
    expect(check).toMatch(
      /missing: \d+ more passing base eval cases of nurture for a Wilson lower bound ≥ 98 %/,
    );

    // 8. More evidence: hundreds more labelled cases, run by the next eval; then the promotion.
    writeFileSync(
      join(flow, "cases", "routine.jsonl"),
      routineCases({ sales: 460, nurture: 200, enrich: 200, ignore: 800 })
        .map((c) => JSON.stringify(c))
        .join("\n"),
    );
    const second = join(s.dir, "eval-2.json");
    s.reins("eval", flow, "--out", second, "--html", join(s.dir, "eval-2.html"));
    const report2 = JSON.parse(readFileSync(second, "utf8"));
    const routine = report2.results.filter((r: { caseId: string }) => r.caseId.startsWith("routine-"));
    expect(routine).toHaveLength(1660);
    expect(routine.filter((r: { passed: boolean }) => !r.passed)).toEqual([]);
    const promoted = ok(s.reins("autonomy", "check", flow, "--promote"));
    expect(promoted).toContain("earned: draft");
    const certificate = /certificate (cert_\S+) \(#1\) grants draft to lead-routing version 2/.exec(
      promoted,
    )?.[1];
    expect(certificate).toBeDefined();
    const charterFile = join(flow, "charter.yaml");
    expect(promoted).toContain(`${charterFile} rewritten: autonomy supervised → draft`);
    const promotedCharter = readFileSync(charterFile, "utf8");
    expect(promotedCharter).toContain("\nautonomy: draft\n");

    // 9. Hand-edited to autonomous: the run goes at the certified level, and the audit log says so.
    writeFileSync(charterFile, promotedCharter.replace("\nautonomy: draft\n", "\nautonomy: autonomous\n"));
    const capped = JSON.parse(ok(s.reins("run", flow, "--input", inputs.c, "--json")));
    const trace = ok(s.reins("audit", "show", capped.runId));
    expect(trace).toContain("autonomy  draft");
    expect(trace).toContain(
      `autonomy capped at draft: asked autonomous, certified draft by ${certificate} (certificate)`,
    );
    expect(trace).toContain("proposed");
    ok(s.reins("audit", "verify"));
  }, 240_000);
});
