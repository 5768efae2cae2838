import { expect, it } from "vitest";
import { ErrorCode } from "../../errors/codes.js";
import { SystemError } from "../../errors/reins-error.js";
import type { EvalResultRecord, NewEval, NewEvalResult } from "../store.js";
import { type ContractFixture, rejectionOf } from "./fixture.js";

const begun = (id: string, extra: Partial<NewEval> = {}): NewEval => ({
  id,
  suite: "lead-routing",
  agent: "function:baseline",
  startedAt: "2025-01-01T10:00:00.000Z",
  plan: { schemaVersion: 1, suite: "examples/lead-routing", trials: 2, versions: { charter: "abc" } },
  ...extra,
});

const result = (caseId: string, trial: number, extra: Partial<NewEvalResult> = {}): NewEvalResult => ({
  caseId,
  trial,
  passed: true,
  data: { caseId, trial, note: "first" },
  ...extra,
});

/** What the store reads back for a result written as {@link result}. */
const stored = (caseId: string, trial: number, extra: Partial<EvalResultRecord> = {}): EvalResultRecord => ({
  caseId,
  perturbation: "none",
  trial,
  passed: true,
  data: { caseId, trial, note: "first" },
  ...extra,
});

/** `Store["evals"]` written incrementally: begin, results in batches (idempotent by key), pages, finish. */
export function evalStreamingContract(f: ContractFixture): void {
  it("begins an evaluation as running, with its plan and no results, and no report until it is finished", async () => {
    await f.store.evals.begin(begun("eval-1"));
    const summary = {
      id: "eval-1",
      suite: "lead-routing",
      agent: "function:baseline",
      startedAt: "2025-01-01T10:00:00.000Z",
      passed: false,
      resultCount: 0,
      status: "running",
    };
    expect(await f.store.evals.list()).toEqual([summary]);
    expect(await f.store.evals.info("eval-1")).toEqual({ ...summary, plan: begun("eval-1").plan });
    expect(await f.store.evals.get("eval-1")).toBeUndefined();
    expect(await f.store.evals.results("eval-1")).toEqual([]);
    expect(await f.store.evals.completedKeys("eval-1")).toEqual([]);
    expect(await f.store.evals.resultPage("eval-1", { limit: 10 })).toEqual({ results: [], next: null });
    expect(await f.store.evals.info("eval-unknown")).toBeUndefined();

    await f.store.evals.finish("eval-1", { passed: true, report: { schemaVersion: 2, metrics: { x: 1 } } });
    expect(await f.store.evals.info("eval-1")).toEqual({
      ...summary,
      passed: true,
      status: "finished",
      plan: begun("eval-1").plan,
    });
    expect(await f.store.evals.get("eval-1")).toEqual({ schemaVersion: 2, metrics: { x: 1 } });
  });

  it("adds results in batches and answers how many were new; a key already stored is kept, not overwritten", async () => {
    await f.store.evals.begin(begun("eval-1"));
    expect(await f.store.evals.putResults("eval-1", [result("case-1", 1), result("case-2", 1)])).toBe(2);
    const again = [
      result("case-2", 1, { passed: false, data: { note: "second" } }),
      result("case-1", 2),
      result("case-1", 2, { passed: false, data: { note: "twice in one batch" } }),
      result("case-1", 1, { perturbation: "missing-field", data: { note: "derived" } }),
    ];
    expect(await f.store.evals.putResults("eval-1", again)).toBe(2);
    expect(await f.store.evals.putResults("eval-1", [])).toBe(0);
    expect(await f.store.evals.putResults("eval-1", again)).toBe(0);
    expect(await f.store.evals.results("eval-1")).toEqual([
      stored("case-1", 1),
      stored("case-2", 1),
      stored("case-1", 2),
      stored("case-1", 1, { perturbation: "missing-field", data: { note: "derived" } }),
    ]);
    expect(await f.store.evals.completedKeys("eval-1")).toEqual([
      { caseId: "case-1", perturbation: "none", trial: 1 },
      { caseId: "case-2", perturbation: "none", trial: 1 },
      { caseId: "case-1", perturbation: "none", trial: 2 },
      { caseId: "case-1", perturbation: "missing-field", trial: 1 },
    ]);
    expect((await f.store.evals.list())[0]).toMatchObject({ resultCount: 4, status: "running" });
  });

  it("reads results page by page in insertion order, a kept key leaving no hole", async () => {
    await f.store.evals.begin(begun("eval-1"));
    await f.store.evals.begin(begun("eval-other"));
    await f.store.evals.putResults("eval-other", [result("other", 1)]);
    const all = Array.from({ length: 23 }, (_, i) => result(`case-${i % 5}`, 1 + Math.floor(i / 5)));
    // Written in batches that overlap: the repeated keys are kept once, where they first came.
    await f.store.evals.putResults("eval-1", all.slice(0, 10));
    await f.store.evals.putResults("eval-1", all.slice(5, 17));
    await f.store.evals.putResults("eval-1", all.slice(15));
    const read: EvalResultRecord[] = [];
    const sizes: number[] = [];
    let after: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await f.store.evals.resultPage("eval-1", {
        limit: 5,
        ...(after === undefined ? {} : { after }),
      });
      read.push(...page.results);
      sizes.push(page.results.length);
      if (page.next === null) break;
      after = page.next;
    }
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
    expect(read).toEqual(all.map((r) => stored(r.caseId, r.trial)));
    // A page that holds the last result says so: no empty page to ask for after it.
    const exact = await f.store.evals.resultPage("eval-1", { limit: 23 });
    expect(exact.results).toHaveLength(23);
    expect(exact.next).toBeNull();
    expect(await f.store.evals.resultPage("eval-unknown", { limit: 5 })).toEqual({
      results: [],
      next: null,
    });
  });

  it("keeps every result exactly once when many batches are written at once", async () => {
    await f.store.evals.begin(begun("eval-1"));
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 60 }, (_, i) => result(`case-${(b * 30 + i) % 200}`, 1)),
    );
    const added = await Promise.all(batches.map((batch) => f.store.evals.putResults("eval-1", batch)));
    expect(added.reduce((sum, n) => sum + n, 0)).toBe(200);
    const keys = (await f.store.evals.completedKeys("eval-1")).map((key) => key.caseId);
    expect(new Set(keys).size).toBe(200);
    expect(keys).toHaveLength(200);
    expect((await f.store.evals.list())[0]?.resultCount).toBe(200);
  });

  it("keeps transcripts with their results, by the same key", async () => {
    await f.store.evals.begin(begun("eval-1"));
    await f.store.evals.putResults("eval-1", [
      result("case-1", 1, { transcript: { caseId: "case-1", trial: 1, calls: 2 } }),
      result("case-2", 1),
    ]);
    await f.store.evals.putResults("eval-1", [
      result("case-1", 1, { transcript: { caseId: "case-1", trial: 1, calls: 99 } }),
      result("case-1", 2, { transcript: { caseId: "case-1", trial: 2, calls: 3 } }),
    ]);
    expect(await f.store.evals.transcripts("eval-1")).toEqual([
      { caseId: "case-1", trial: 1, data: { caseId: "case-1", trial: 1, calls: 2 } },
      { caseId: "case-1", trial: 2, data: { caseId: "case-1", trial: 2, calls: 3 } },
    ]);
    expect(await f.store.evals.transcripts("eval-1", { trial: 2 })).toHaveLength(1);
  });

  it("lists evaluations by status", async () => {
    await f.store.evals.begin(begun("eval-a", { startedAt: "2025-01-01T10:00:00.000Z" }));
    await f.store.evals.begin(begun("eval-b", { startedAt: "2025-01-02T10:00:00.000Z" }));
    await f.store.evals.finish("eval-a", { passed: false, report: {} });
    const ids = async (status: "running" | "finished") =>
      (await f.store.evals.list({ status })).map((summary) => summary.id);
    expect(await ids("running")).toEqual(["eval-b"]);
    expect(await ids("finished")).toEqual(["eval-a"]);
  });

  it("refuses with a SystemError: an id begun twice, results or a finish for an unknown or finished evaluation", async () => {
    await f.store.evals.begin(begun("eval-1"));
    await f.store.evals.putResults("eval-1", [result("case-1", 1)]);
    const refused = async (promise: Promise<unknown>, message?: string) => {
      const error = await rejectionOf(promise);
      expect(SystemError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: ErrorCode.StoreFailure });
      if (message !== undefined) expect((error as Error).message).toContain(message);
    };
    await refused(f.store.evals.begin(begun("eval-1", { suite: "other" })));
    await refused(
      f.store.evals.putResults("eval-unknown", [result("case-1", 1)]),
      'cannot add results to evaluation "eval-unknown": the store has no evaluation with that id',
    );
    await refused(
      f.store.evals.finish("eval-unknown", { passed: true, report: {} }),
      'cannot finish evaluation "eval-unknown": the store has no evaluation with that id',
    );
    await f.store.evals.finish("eval-1", { passed: true, report: { n: 1 } });
    await refused(
      f.store.evals.putResults("eval-1", [result("case-2", 1)]),
      'cannot add results to evaluation "eval-1": it is finished',
    );
    await refused(
      f.store.evals.finish("eval-1", { passed: false, report: { n: 2 } }),
      'cannot finish evaluation "eval-1": it is finished',
    );
    expect(await f.store.evals.get("eval-1")).toEqual({ n: 1 });
    expect(await f.store.evals.results("eval-1")).toEqual([stored("case-1", 1)]);
    expect(await f.store.evals.info("eval-1")).toMatchObject({ suite: "lead-routing", passed: true });
  });

  it("refuses to save results with one key twice, saving nothing", async () => {
    const error = await rejectionOf(
      f.store.evals.save({
        id: "eval-1",
        suite: "s",
        agent: "function:x",
        startedAt: "2025-01-01T10:00:00.000Z",
        passed: true,
        report: {},
        results: [result("case-1", 1), result("case-1", 1, { passed: false })],
      }),
    );
    expect(SystemError.isInstance(error)).toBe(true);
    expect(await f.store.evals.list()).toEqual([]);
  });

  it("hands out copies of results read by page", async () => {
    await f.store.evals.begin(begun("eval-1"));
    await f.store.evals.putResults("eval-1", [result("case-1", 1)]);
    const [read] = (await f.store.evals.resultPage("eval-1", { limit: 1 })).results;
    (read?.data as { note: string }).note = "changed";
    expect((await f.store.evals.resultPage("eval-1", { limit: 1 })).results).toEqual([stored("case-1", 1)]);
  });
}
