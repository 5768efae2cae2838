import { describe, expect, it } from "vitest";
import { openMemoryStore } from "../store/memory-store.js";
import type { ReviewRecord } from "../store/store.js";
import { groundTruth } from "./ground-truth.js";
import { inSample, reviewQueue } from "./review-queue.js";
import { shadowComparedEvent } from "./shadow-comparison.js";

const review = (
  id: string,
  reviewer: string,
  at: string,
  patch: Partial<ReviewRecord> = {},
): ReviewRecord => ({
  id,
  runId: "run-1",
  reviewer,
  createdAt: `2025-01-01T00:00:0${at}.000Z`,
  schemaVersion: 1,
  outcome: "approved",
  errorType: null,
  correction: null,
  rootCause: null,
  retrainingPriority: null,
  note: null,
  ...patch,
});

describe("groundTruth", () => {
  it("is the latest review, whatever order the reviews come in", () => {
    const edited = review("r2", "bo", "2", { outcome: "edited", correction: { decision: "nurture" } });
    const truth = groundTruth([edited, review("r1", "ana", "1")]);
    expect(truth?.review.id).toBe("r2");
    expect(truth).toMatchObject({
      rule: "latest",
      agreement: false,
      verdicts: { ana: "approved", bo: "edited:nurture" },
    });
  });

  it("takes a reviewer's later verdict over their earlier one, and sees agreement then", () => {
    const truth = groundTruth([
      review("r1", "ana", "1", { outcome: "rejected" }),
      review("r2", "bo", "2"),
      review("r3", "ana", "3"),
    ]);
    expect(truth).toMatchObject({ agreement: true, verdicts: { ana: "approved", bo: "approved" } });
    expect(truth?.review.id).toBe("r3");
  });

  it("breaks a tie in time by id", () => {
    expect(groundTruth([review("r9", "ana", "1"), review("r10", "bo", "1")])?.review.id).toBe("r9");
  });

  it("under the agreement rule, has none while reviewers disagree", () => {
    const split = [review("r1", "ana", "1"), review("r2", "bo", "2", { outcome: "rejected" })];
    expect(groundTruth(split, "agreement")).toBeUndefined();
    expect(groundTruth([review("r1", "ana", "1")], "agreement")).toMatchObject({ agreement: true });
  });

  it("is undefined for no reviews and refuses reviews of several runs", () => {
    expect(groundTruth([])).toBeUndefined();
    expect(() =>
      groundTruth([review("r1", "ana", "1"), review("r2", "bo", "2", { runId: "run-2" })]),
    ).toThrow("one run");
  });
});

describe("reviewQueue", () => {
  const base = {
    charter: "c",
    charterVersion: "1",
    agent: "function:t",
    input: {},
    checkpoint: null,
  };

  it("lists escalations, low-confidence drafts, runs with proposals and sampled autonomous runs, with why", async () => {
    const store = openMemoryStore();
    const decision = (draft: boolean) => ({
      type: "decision",
      decision: { decision: "x", confidence: 0.5 },
      draft,
    });
    await store.runs.create({
      ...base,
      id: "esc",
      status: "completed",
      autonomy: "supervised",
      outcome: { type: "escalation", reason: "r", evidence: null },
    });
    await store.runs.create({
      ...base,
      id: "low",
      status: "completed",
      autonomy: "autonomous",
      outcome: decision(true),
    });
    await store.runs.create({ ...base, id: "prop", status: "suspended", autonomy: "draft", outcome: null });
    await store.runs.create({ ...base, id: "live", status: "running", autonomy: "draft", outcome: null });
    await store.runs.create({
      ...base,
      id: "sure",
      status: "completed",
      autonomy: "supervised",
      outcome: decision(false),
    });
    await store.approvals.create({
      id: "p1",
      runId: "prop",
      charter: "c",
      callId: "k",
      toolName: "t",
      input: {},
      inputHash: "h",
      reasons: { kind: "proposal", reasons: [] },
    });
    await store.approvals.create({
      id: "p2",
      runId: "live",
      charter: "c",
      callId: "k",
      toolName: "t",
      input: {},
      inputHash: "h",
      reasons: { kind: "proposal", reasons: [] },
    });
    const queue = await reviewQueue({ store, sample: 0 });
    expect(queue.map((item) => [item.run.id, item.reasons]).sort()).toEqual([
      ["esc", ["escalation"]],
      ["low", ["low-confidence"]],
      ["prop", ["proposal"]],
    ]);
    const all = await reviewQueue({ store, sample: 1 });
    expect(all.find((item) => item.run.id === "low")?.reasons).toEqual(["low-confidence", "sample"]);
    await store.reviews.append({
      id: "rv",
      runId: "esc",
      reviewer: "ana",
      outcome: "approved",
      errorType: null,
      correction: null,
      rootCause: null,
      retrainingPriority: null,
      note: null,
    });
    expect((await reviewQueue({ store, sample: 0 })).map((item) => item.run.id).sort()).toEqual([
      "low",
      "prop",
    ]);
    expect(
      (await reviewQueue({ store, sample: 0, includeReviewed: true })).find((i) => i.run.id === "esc")
        ?.reviews,
    ).toBe(1);
  });

  it("puts shadow runs whose latest comparison disagreed first, the most impactful first", async () => {
    const store = openMemoryStore();
    const compared = (runId: string, agree: boolean, impact: string) =>
      store.audit.append({
        runId,
        type: shadowComparedEvent,
        data: {
          decision: runId,
          humanClass: "nurture",
          agentClass: agree ? "nurture" : "route_to_sales",
          agree,
          impact,
          decidedBy: null,
          source: "h.jsonl",
        },
      });
    const shadowRun = (id: string) =>
      store.runs.create({
        ...base,
        id,
        status: "completed",
        autonomy: "shadow",
        outcome: { type: "decision", decision: { decision: "x", confidence: 0.9 }, draft: false },
      });
    await store.runs.create({
      ...base,
      id: "esc",
      status: "completed",
      autonomy: "supervised",
      outcome: { type: "escalation", reason: "r", evidence: null },
    });
    for (const id of ["s-low", "s-agree", "s-critical", "s-settled"]) await shadowRun(id);
    await compared("s-low", false, "low");
    await compared("s-agree", true, "critical");
    await compared("s-critical", false, "critical");
    // Compared again after a fix: the latest comparison is what counts.
    await compared("s-settled", false, "high");
    await compared("s-settled", true, "high");
    const queue = await reviewQueue({ store, sample: 0 });
    expect(queue.map((item) => [item.run.id, item.reasons])).toEqual([
      ["s-critical", ["shadow-disagreement"]],
      ["s-low", ["shadow-disagreement"]],
      ["esc", ["escalation"]],
    ]);
    expect(queue[0]?.disagreement).toMatchObject({ humanClass: "nurture", agentClass: "route_to_sales" });
  });

  it("samples by the run id's hash: the same runs every time, about the rate asked", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `run-${i}`);
    const picked = ids.filter((id) => inSample(id, 0.1));
    expect(ids.filter((id) => inSample(id, 0.1))).toEqual(picked);
    expect(picked.length).toBeGreaterThan(140);
    expect(picked.length).toBeLessThan(260);
    expect(ids.filter((id) => inSample(id, 0))).toEqual([]);
    expect(ids.filter((id) => inSample(id, 1))).toHaveLength(2000);
  });
});
