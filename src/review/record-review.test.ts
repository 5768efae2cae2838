import { describe, expect, it } from "vitest";
import { tools } from "../../examples/lead-routing/tools.js";
import { createAuditLog } from "../audit/audit-log.js";
import { loadCharter } from "../charter/load-charter.js";
import { createToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { openMemoryStore } from "../store/memory-store.js";
import type { RunRecord } from "../store/store.js";
import { checkCorrection } from "./check-correction.js";
import { recordReview } from "./record-review.js";

const registry = createToolRegistry(tools);
const charter = await loadCharter("examples/lead-routing/charter.yaml", { registry });

const run = (id: string, patch: Partial<RunRecord> = {}): Omit<RunRecord, "createdAt" | "updatedAt"> => ({
  id,
  charter: charter.name,
  charterVersion: charter.version,
  status: "completed",
  autonomy: "draft",
  agent: "function:test",
  input: {},
  outcome: { type: "decision", decision: { decision: "ignore", confidence: 0.9 }, draft: false },
  checkpoint: null,
  ...patch,
});

async function setUp() {
  // A clock that moves a second per reading, so that each review is later than the one before.
  let tick = Date.parse("2025-01-01T00:00:00.000Z");
  const now = () => {
    tick += 1000;
    return new Date(tick);
  };
  const store = openMemoryStore({ now });
  const audit = createAuditLog({ store, redact: { fields: ["owner"] } });
  await store.runs.create(run("run-1"));
  await store.runs.create(run("run-live", { status: "running" }));
  return { store, audit, base: { store, audit, charter, registry, reviewer: "ana" } };
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ code?: string; message?: string; path?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message?: string; path?: string };
  }
  throw new Error("expected a failure");
}

describe("checkCorrection", () => {
  it("accepts a decision, fields and actions that fit the charter", () => {
    const ok = checkCorrection(
      {
        decision: "nurture",
        fields: { status: "nurture", owner: null },
        actions: [{ tool: "slack_alert_owner", input: { owner: "maria.chen", message: "look" } }],
      },
      charter,
      registry,
    );
    expect(ok.filter((issue) => issue.path !== "correction.actions[0].input")).toEqual([]);
  });

  it("names the field and suggests the close name for a misspelt decision, field and tool", () => {
    const issues = checkCorrection(
      {
        decision: "nurtur",
        fields: { stauts: "nurture", status: "hot" },
        actions: [
          { tool: "crm_update_leads", input: {} },
          { tool: "crm_merge_accounts", input: {} },
        ],
        extra: 1,
      },
      charter,
      registry,
      "fix.json",
    );
    expect(issues.map((issue) => [issue.file, issue.path])).toEqual([
      ["fix.json", "correction.extra"],
      ["fix.json", "correction.decision"],
      ["fix.json", "correction.fields.stauts"],
      ["fix.json", "correction.fields.status"],
      ["fix.json", "correction.actions[0].tool"],
      ["fix.json", "correction.actions[1].tool"],
    ]);
    expect(issues[1]?.message).toContain(
      '"nurtur" is not a decision of charter lead-routing (did you mean nurture?)',
    );
    expect(issues[2]?.message).toContain("(did you mean status?)");
    expect(issues[3]?.message).toContain('"hot" does not fit the field');
    expect(issues[4]?.message).toContain("(did you mean crm_update_lead?)");
    expect(issues[5]?.message).toContain('"crm_merge_accounts" is forbidden by charter lead-routing');
  });

  it("checks an action's input against its tool card", () => {
    const issues = checkCorrection(
      { actions: [{ tool: "crm_update_lead", input: { leadId: "L-1", decision: "bogus" } }] },
      charter,
      registry,
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: "correction.actions[0].input" });
    expect(issues[0]?.message).toMatch(/^does not fit crm_update_lead's input schema: .*decision/);
  });

  it("refuses an empty correction", () => {
    expect(checkCorrection({}, charter, registry).map((issue) => issue.path)).toEqual(["correction"]);
  });
});

describe("recordReview", () => {
  it("records the review with its event, the note and correction redacted as the run's audit log redacts", async () => {
    const { store, base } = await setUp();
    const review = await recordReview({
      ...base,
      runId: "run-1",
      outcome: "edited",
      errorType: "poor_prioritisation",
      rootCause: "prompt",
      retrainingPriority: "high",
      correction: { decision: "route_to_sales", fields: { status: "qualified", owner: "maria.chen" } },
      note: "key sk-abcdefghijklmnopqrstuvwx1234 leaked",
    });
    expect(review).toMatchObject({ runId: "run-1", reviewer: "ana", outcome: "edited", schemaVersion: 1 });
    expect(review.correction).toEqual({
      decision: "route_to_sales",
      fields: { status: "qualified", owner: "[REDACTED]" },
    });
    expect(review.note).not.toContain("sk-abcdefghijklmnopqrstuvwx1234");
    const events = await store.audit.list("run-1");
    expect(events.map((event) => event.type)).toEqual(["review.recorded"]);
    expect(events[0]?.data).toMatchObject({ reviewId: review.id, outcome: "edited", note: review.note });
  });

  it("keeps two reviewers of one run, and a later review by the same", async () => {
    const { store, base } = await setUp();
    await recordReview({ ...base, runId: "run-1", outcome: "approved" });
    await recordReview({
      ...base,
      reviewer: "bo",
      runId: "run-1",
      outcome: "rejected",
      errorType: "hallucination",
    });
    await recordReview({ ...base, runId: "run-1", outcome: "approved", note: "still fine" });
    expect((await store.reviews.list({ runId: "run-1" })).map((r) => [r.reviewer, r.outcome])).toEqual([
      ["ana", "approved"],
      ["bo", "rejected"],
      ["ana", "approved"],
    ]);
  });

  it("refuses, writing nothing, an edit without a correction, a bad correction, an unknown term or run, a live run", async () => {
    const { store, base } = await setUp();
    const cases: [Promise<unknown>, string, string][] = [
      [recordReview({ ...base, runId: "run-1", outcome: "edited" }), ErrorCode.ReviewInvalid, "correction"],
      [
        recordReview({ ...base, runId: "run-1", outcome: "edited", correction: { decision: "nurtur" } }),
        ErrorCode.ReviewInvalid,
        "correction.decision",
      ],
      [
        // @ts-expect-error: not an outcome
        recordReview({ ...base, runId: "run-1", outcome: "aproved" }),
        ErrorCode.ReviewInvalid,
        "outcome",
      ],
      [
        // @ts-expect-error: not an error type
        recordReview({ ...base, runId: "run-1", outcome: "rejected", errorType: "wrong-tool" }),
        ErrorCode.ReviewInvalid,
        "errorType",
      ],
      [recordReview({ ...base, runId: "run-nope", outcome: "approved" }), ErrorCode.RunInvalid, "runId"],
      [recordReview({ ...base, runId: "run-live", outcome: "approved" }), ErrorCode.ReviewInvalid, "runId"],
    ];
    for (const [promise, code, path] of cases) {
      expect(await failure(promise)).toMatchObject({ code, path });
    }
    expect((await failure(cases[3]?.[0] as Promise<unknown>)).message).toContain(
      "(did you mean wrong_tool?)",
    );
    expect(await store.reviews.list()).toEqual([]);
    expect(await store.audit.runIds()).toEqual([]);
  });

  it("refuses a run of another charter", async () => {
    const { store, base } = await setUp();
    await store.runs.create(run("run-other", { charter: "support-triage" }));
    expect(await failure(recordReview({ ...base, runId: "run-other", outcome: "approved" }))).toMatchObject({
      code: ErrorCode.ReviewInvalid,
      path: "charter",
    });
  });
});
