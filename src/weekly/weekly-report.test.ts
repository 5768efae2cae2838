import { describe, expect, it } from "vitest";
import type { UserError } from "../errors/reins-error.js";
import { openMemoryStore } from "../store/memory-store.js";
import type { NewReview, RunRecord, Store } from "../store/store.js";
import { collectWeeklyInputs, collectWeeklyInputsPaged } from "./collect-inputs.js";
import { reportPeriod } from "./period.js";
import { parseShadowReport, type WeeklyShadowReport } from "./read-shadow-report.js";
import { weeklyHtml } from "./weekly-html.js";
import { weeklyMarkdown } from "./weekly-markdown.js";
import { buildWeeklyReport } from "./weekly-report.js";

const period = { since: "2026-11-24T00:00:00.000Z", until: "2026-12-01T00:00:00.000Z" };
const hostile = "<script>alert(1)</script> | **bold**";

/** A store with a clock the test moves: every record gets the time set just before it is written. */
function clockedStore(): { store: Store; at: (iso: string) => void } {
  let now = new Date("2026-11-01T00:00:00Z");
  return { store: openMemoryStore({ now: () => now }), at: (iso) => (now = new Date(iso)) };
}

function run(
  id: string,
  autonomy: string,
  outcome: unknown = null,
): Omit<RunRecord, "createdAt" | "updatedAt"> {
  return {
    id,
    charter: "leads",
    charterVersion: "1",
    status: "completed",
    autonomy,
    agent: "function:test",
    input: {},
    outcome,
    checkpoint: null,
  };
}

function review(id: string, runId: string, terms: Partial<NewReview>): NewReview {
  return {
    id,
    runId,
    reviewer: "alice",
    outcome: "edited",
    errorType: null,
    correction: null,
    rootCause: null,
    retrainingPriority: null,
    note: null,
    ...terms,
  };
}

function trial(caseId: string, t: number, impact: string, passed: boolean) {
  return {
    caseId,
    trial: t,
    impact,
    passed,
    runId: `eval-${caseId}-${t}`,
    failures: passed ? [] : [{ category: "taskSuccess", message: `${caseId} wrong` }],
  };
}

async function evalRecord(
  store: Store,
  id: string,
  startedAt: string,
  tools: Record<string, string>,
  results: ReturnType<typeof trial>[],
) {
  await store.evals.save({
    id,
    suite: "s",
    agent: "function:test",
    startedAt,
    passed: results.every((r) => r.passed),
    // As the CLI saves it: the trials apart from the report.
    report: { versions: { tools } },
    results: results.map((r) => ({ caseId: r.caseId, trial: r.trial, passed: r.passed, data: r })),
  });
}

function shadowItems(humanClass: string, impacts: string[], disagree: number) {
  return impacts.map((impact, i) => ({
    id: `${humanClass}-${i}`,
    runId: `shadow-${humanClass}-${i}`,
    impact,
    humanClass,
    agentClass: i < disagree ? "other" : humanClass,
    agree: i >= disagree,
  }));
}

async function handBuiltStore(): Promise<Store> {
  const { store, at } = clockedStore();
  at("2026-11-20T10:00:00Z");
  await store.runs.create(
    run("old-1", "draft", { type: "error", code: "TOOL_FAILED", message: "before the period" }),
  );
  await store.audit.append({
    runId: "workflow:leads",
    type: "workflow.paused",
    data: { reason: "before the period" },
  });
  await evalRecord(store, "e0", "2026-11-20T10:00:00.000Z", { lookup: "a" }, [
    trial("c-crit", 0, "critical", true),
    trial("c-low", 0, "low", true),
  ]);
  for (const [i, id] of ["r1", "r2", "r3", "r4"].entries()) {
    at(`2026-11-2${4 + i}T09:00:00Z`);
    await store.runs.create(run(id, "draft"));
  }
  at("2026-11-28T09:00:00Z");
  await store.runs.create(
    run("r5", "autonomous", { type: "error", code: "TOOL_FAILED", message: "crm down" }),
  );
  at("2026-11-29T09:00:00Z");
  await store.runs.create(
    run("r6", "autonomous", { type: "error", code: "TOOL_FAILED", message: "crm down again" }),
  );
  at("2026-11-29T10:00:00Z");
  await store.reviews.append(
    review("v1", "r1", {
      outcome: "rejected",
      errorType: "wrong_tool",
      rootCause: "missing_tool",
      retrainingPriority: "high",
      note: hostile,
    }),
  );
  await store.reviews.append(
    review("v2", "r2", { errorType: "wrong_tool", rootCause: "missing_tool", retrainingPriority: "low" }),
  );
  await store.reviews.append(review("v3", "r3", { errorType: "missing_context", rootCause: "data" }));
  await store.reviews.append(
    review("v4", "r4", {
      outcome: "rejected",
      errorType: "hallucination",
      rootCause: "prompt",
      retrainingPriority: "high",
    }),
  );
  at("2026-11-29T11:00:00Z");
  // A later verdict on r4 approves it: the latest verdict is the ground truth, so r4 is no mistake.
  await store.reviews.append(review("v5", "r4", { reviewer: "bob", outcome: "approved" }));
  await store.audit.append({
    runId: "workflow:leads",
    type: "workflow.paused",
    data: { reason: "error rate 2/2" },
  });
  at("2026-11-30T08:00:00Z");
  await store.audit.append({ runId: "workflow:leads", type: "workflow.resumed", data: { by: "carol" } });
  await evalRecord(store, "e1", "2026-11-25T10:00:00.000Z", { lookup: "b" }, [
    trial("c-crit", 0, "critical", false),
    trial("c-low", 0, "low", false),
    trial("c-low", 1, "low", false),
    trial("c-low", 2, "low", false),
    trial("c-pass", 0, "high", true),
  ]);
  at("2026-12-02T08:00:00Z");
  await store.audit.append({
    runId: "workflow:leads",
    type: "workflow.flagged",
    data: { reason: "after the period" },
  });
  return store;
}

const shadow: WeeklyShadowReport = {
  file: "shadow.json",
  schemaVersion: 1,
  charter: { name: "leads", version: "1" },
  n: 15,
  items: [
    ...shadowItems("qualified", ["high", ...Array(9).fill("medium")], 1),
    ...shadowItems("reject", Array(5).fill("low"), 0),
  ] as WeeklyShadowReport["items"],
};

describe("weekly report on a hand-built store", () => {
  it("reads the same inputs by page as from whole tables, whatever the page size", async () => {
    const store = await handBuiltStore();
    const whole = await collectWeeklyInputs(store, period, [shadow]);
    expect(whole.runs.length).toBeGreaterThan(2);
    for (const pageSize of [1, 2, 500]) {
      const paged = await collectWeeklyInputsPaged(store, period, [shadow], { pageSize });
      // Charters are looked up for the period's runs and the reviewed ones only, not for every run of the store.
      const { runCharters, ...rest } = paged;
      const { runCharters: allCharters, ...wholeRest } = whole;
      expect(rest).toEqual(wholeRest);
      expect(Object.entries(runCharters).every(([id, charter]) => allCharters[id] === charter)).toBe(true);
      expect(Object.keys(runCharters)).not.toContain("old-1");
      expect(buildWeeklyReport(paged)).toEqual(buildWeeklyReport(whole));
    }
  });

  it("ranks failures by Σ impact weight, not by count, and keeps what lies outside the period out", async () => {
    const store = await handBuiltStore();
    const report = buildWeeklyReport(await collectWeeklyInputs(store, period, [shadow]));
    expect(report.topFailures.map((f) => [f.key, f.impact, f.occurrences, f.weight])).toEqual([
      ["eval:s:c-crit", "critical", 1, 8],
      ["review:leads:wrong_tool", "high", 2, 5],
      ["run-error:leads:TOOL_FAILED", "medium", 2, 4],
      ["eval:s:c-low", "low", 3, 3],
      ["review:leads:missing_context", "medium", 1, 2],
    ]);
    expect(report.topFailures[1]?.exampleRuns).toEqual(["r1", "r2"]);
    expect(report.topFailures[2]?.exampleRuns).toEqual(["r5", "r6"]);
    expect(report.counts).toEqual({
      runs: 6,
      reviews: 5,
      evals: 1,
      evalTrials: 5,
      shadowReports: 1,
      workflowEvents: 2,
    });
    expect(report.empty).toBe(false);
  });

  it("clusters mistakes by error type × root cause from each run's latest verdict, and maps root causes to sources", async () => {
    const report = buildWeeklyReport(await collectWeeklyInputs(await handBuiltStore(), period, []));
    expect(report.clusters).toEqual([
      { errorType: "wrong_tool", rootCause: "missing_tool", count: 2, exampleRuns: ["r1", "r2"] },
      { errorType: "missing_context", rootCause: "data", count: 1, exampleRuns: ["r3"] },
    ]);
    expect(report.toolChanges).toEqual([
      { suite: "s", evalId: "e1", previousEvalId: "e0", tools: ["lookup"], failedCases: ["c-crit", "c-low"] },
    ]);
    expect(Object.fromEntries(report.errorSources.map((r) => [r.source, [r.reviews, r.evalCases]]))).toEqual({
      "missing data": [1, 0],
      "unclear instructions": [0, 0],
      "tool changes": [2, 2],
      "model limits": [0, 0],
      unattributed: [0, 0],
    });
  });

  it("names high-impact tasks whose shadow agreement's Wilson lower bound is below 0.9, lowest first", async () => {
    const report = buildWeeklyReport(await collectWeeklyInputs(await handBuiltStore(), period, [shadow]));
    // Hand-computed 95 % Wilson lower bounds: 9/10 → 0.5958, 14/15 → 0.7018. `reject` (5/5, lower 0.566) is low impact.
    expect(report.humanOwned.map((t) => [t.task, t.n, t.agreed, t.impact])).toEqual([
      ["qualified", 10, 9, "high"],
      ["*", 15, 14, "high"],
    ]);
    expect(report.humanOwned[0]?.wilsonLower).toBeCloseTo(0.5958, 3);
    expect(report.humanOwned[1]?.wilsonLower).toBeCloseTo(0.7018, 3);
  });

  it("lists the period's kill-switch events and the autonomy levels seen per charter", async () => {
    const report = buildWeeklyReport(await collectWeeklyInputs(await handBuiltStore(), period, []));
    expect(report.killSwitch).toEqual([
      { at: "2026-11-29T11:00:00.000Z", charter: "leads", type: "workflow.paused", detail: "error rate 2/2" },
      { at: "2026-11-30T08:00:00.000Z", charter: "leads", type: "workflow.resumed", detail: "by carol" },
    ]);
    expect(report.autonomy.charters).toEqual([
      {
        charter: "leads",
        changed: true,
        levels: [
          { level: "draft", runs: 4, first: "2026-11-24T09:00:00.000Z", last: "2026-11-27T09:00:00.000Z" },
          {
            level: "autonomous",
            runs: 2,
            first: "2026-11-28T09:00:00.000Z",
            last: "2026-11-29T09:00:00.000Z",
          },
        ],
      },
    ]);
    expect(report.autonomy.certificates).toEqual([]);
  });

  it("shows whatever autonomy.* events exist in the period, on any chain that is not a run's", async () => {
    const store = await handBuiltStore();
    await store.audit.append({
      runId: "autonomy:leads",
      type: "autonomy.certified",
      data: { level: "supervised" },
    });
    await store.audit.append({
      runId: "r1",
      type: "autonomy.certified",
      data: { level: "ignored: a run's chain" },
    });
    const inputs = await collectWeeklyInputs(
      store,
      { since: period.since, until: "2026-12-03T00:00:00.000Z" },
      [],
    );
    expect(buildWeeklyReport(inputs).autonomy.certificates).toEqual([
      {
        at: "2026-12-02T08:00:00.000Z",
        charter: "leads",
        type: "autonomy.certified",
        detail: '{"level":"supervised"}',
      },
    ]);
  });

  it("escapes store text in markdown and HTML", async () => {
    const report = buildWeeklyReport(await collectWeeklyInputs(await handBuiltStore(), period, [shadow]));
    const markdown = weeklyMarkdown(report);
    expect(markdown).toContain("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*\\*bold\\*\\*");
    expect(markdown).not.toContain("<script>");
    const page = weeklyHtml(report);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    for (const id of [
      "top-failures",
      "repeated-mistakes",
      "error-sources",
      "human-owned",
      "kill-switch",
      "autonomy",
      "failures-chart",
    ])
      expect(page).toContain(`id="${id}"`);
  });

  it("an empty period says so plainly, with no sections of zeros", async () => {
    const store = await handBuiltStore();
    const report = buildWeeklyReport(
      await collectWeeklyInputs(
        store,
        { since: "2026-10-01T00:00:00.000Z", until: "2026-10-08T00:00:00.000Z" },
        [],
      ),
    );
    expect(report.empty).toBe(true);
    const markdown = weeklyMarkdown(report);
    expect(markdown).toContain("**Nothing was recorded in this period**");
    expect(markdown).not.toContain("## Top failures");
    expect(weeklyHtml(report)).toContain('id="empty"');
  });
});

describe("report period", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  it("defaults to the 7 days before now; a date alone for --until includes that day", () => {
    expect(reportPeriod({ now })).toEqual({
      since: "2026-11-24T12:00:00.000Z",
      until: "2026-12-01T12:00:00.000Z",
    });
    expect(reportPeriod({ now, since: "2026-11-01", until: "2026-11-30" })).toEqual({
      since: "2026-11-01T00:00:00.000Z",
      until: "2026-12-01T00:00:00.000Z",
    });
    expect(reportPeriod({ now, since: "2026-11-30T09:00:00+01:00" }).since).toBe("2026-11-30T08:00:00.000Z");
  });

  it("a date that is not ISO-8601, does not exist or is not before --until is a usage error naming the flag", () => {
    const fail = (options: { since?: string; until?: string }) => {
      try {
        reportPeriod({ now, ...options });
      } catch (error) {
        return {
          code: (error as UserError).code,
          path: (error as UserError).path,
          message: (error as Error).message,
        };
      }
      throw new Error("no error");
    };
    expect(fail({ since: "last week" })).toMatchObject({ code: "REINS_USAGE", path: "--since" });
    expect(fail({ until: "2026-02-30" })).toMatchObject({ code: "REINS_USAGE", path: "--until" });
    expect(fail({ since: "2026-11-30T09:00:00" }).message).toContain("with its zone");
    expect(fail({ since: "2026-12-05" })).toMatchObject({
      path: "--since",
      message: expect.stringContaining("is not before --until"),
    });
  });
});

describe("shadow report file", () => {
  it("reads what the weekly report needs, and locates a bad field", () => {
    const text = JSON.stringify(
      {
        schemaVersion: 1,
        charter: { name: "leads", version: "1" },
        n: 1,
        agreed: 1,
        agreementWilsonLower: 0.2,
        items: [{ id: "a", runId: "s-a", impact: "huge", humanClass: "x", agentClass: "x", agree: true }],
      },
      null,
      2,
    );
    let caught: unknown;
    try {
      parseShadowReport(text, "s.json");
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "REINS_REPORT_INVALID" });
    expect(String((caught as { issues?: unknown[] }).issues?.map((i) => JSON.stringify(i)))).toContain(
      "items[0].impact",
    );
    expect(parseShadowReport(text.replace("huge", "high"), "s.json").items[0]?.impact).toBe("high");
  });
});
