import { expect, it } from "vitest";
import { ErrorCode } from "../../errors/codes.js";
import { SystemError } from "../../errors/reins-error.js";
import type { EvalRecord, EvalResultRecord } from "../store.js";
import { type ContractFixture, rejectionOf } from "./fixture.js";

const result = (caseId: string, trial: number, passed = true, perturbation = "none"): EvalResultRecord => ({
  caseId,
  perturbation,
  trial,
  passed,
  data: { caseId, trial, decision: passed ? "qualified" : "rejected", failures: [] },
});

const evaluation = (id: string, extra: Partial<EvalRecord> = {}): EvalRecord => ({
  id,
  suite: "lead-routing",
  agent: "model:openai:gpt-4.1-mini",
  startedAt: "2025-01-01T10:00:00.000Z",
  passed: true,
  report: { schemaVersion: 1, id, metrics: { passHat1: 1 } },
  results: [result("case-1", 0), result("case-1", 1)],
  ...extra,
});

/** `Store["evals"]`: finished evaluations, their reports and trial results. */
export function evalsContract(f: ContractFixture): void {
  it("saves an evaluation and reads back its report and its results in the order saved", async () => {
    const results = [result("case-2", 0, false), result("case-1", 1), result("case-1", 0)];
    await f.store.evals.save(evaluation("eval-1", { results }));
    expect(await f.store.evals.get("eval-1")).toEqual({
      schemaVersion: 1,
      id: "eval-1",
      metrics: { passHat1: 1 },
    });
    expect(await f.store.evals.results("eval-1")).toEqual(results);
    expect(await f.store.evals.get("eval-unknown")).toBeUndefined();
    expect(await f.store.evals.results("eval-unknown")).toEqual([]);
  });

  it("saves thousands of results in one save, across statement batches", async () => {
    const results = Array.from({ length: 2_001 }, (_, i) =>
      result(`case-${i % 40}`, Math.floor(i / 40), i % 7 !== 0),
    );
    await f.store.evals.save(evaluation("eval-big", { results }));
    expect(await f.store.evals.results("eval-big")).toEqual(results);
    expect((await f.store.evals.list())[0]?.resultCount).toBe(2_001);
  });

  it("stores JSON: undefined fields are dropped, an undefined report or datum reads as null", async () => {
    await f.store.evals.save(
      evaluation("eval-1", {
        report: undefined,
        results: [
          { caseId: "c", trial: 0, passed: true, data: undefined },
          { caseId: "c", trial: 1, passed: false, data: { a: undefined, at: new Date(0) } },
        ],
      }),
    );
    expect(await f.store.evals.get("eval-1")).toBeNull();
    expect(await f.store.evals.results("eval-1")).toEqual([
      { caseId: "c", perturbation: "none", trial: 0, passed: true, data: null },
      {
        caseId: "c",
        perturbation: "none",
        trial: 1,
        passed: false,
        data: { at: "1970-01-01T00:00:00.000Z" },
      },
    ]);
  });

  it("lists evaluations newest first with their result counts, filtered by suite, up to a limit", async () => {
    await f.store.evals.save(evaluation("eval-a", { startedAt: "2025-01-01T10:00:00.000Z" }));
    await f.store.evals.save(
      evaluation("eval-b", {
        suite: "support-triage",
        startedAt: "2025-01-02T10:00:00.000Z",
        passed: false,
        results: [],
      }),
    );
    await f.store.evals.save(
      evaluation("eval-c", { startedAt: "2025-01-03T10:00:00.000Z", results: [result("case-1", 0)] }),
    );
    await f.store.evals.save(evaluation("eval-d", { startedAt: "2025-01-03T10:00:00.000Z" }));

    expect(await f.store.evals.list()).toEqual([
      {
        id: "eval-d",
        suite: "lead-routing",
        agent: "model:openai:gpt-4.1-mini",
        startedAt: "2025-01-03T10:00:00.000Z",
        passed: true,
        resultCount: 2,
        status: "finished",
      },
      {
        id: "eval-c",
        suite: "lead-routing",
        agent: "model:openai:gpt-4.1-mini",
        startedAt: "2025-01-03T10:00:00.000Z",
        passed: true,
        resultCount: 1,
        status: "finished",
      },
      {
        id: "eval-b",
        suite: "support-triage",
        agent: "model:openai:gpt-4.1-mini",
        startedAt: "2025-01-02T10:00:00.000Z",
        passed: false,
        resultCount: 0,
        status: "finished",
      },
      {
        id: "eval-a",
        suite: "lead-routing",
        agent: "model:openai:gpt-4.1-mini",
        startedAt: "2025-01-01T10:00:00.000Z",
        passed: true,
        resultCount: 2,
        status: "finished",
      },
    ]);
    const ids = async (filter: { suite?: string; limit?: number }) =>
      (await f.store.evals.list(filter)).map((summary) => summary.id);
    expect(await ids({ suite: "lead-routing" })).toEqual(["eval-d", "eval-c", "eval-a"]);
    expect(await ids({ suite: "lead-routing", limit: 2 })).toEqual(["eval-d", "eval-c"]);
    expect(await ids({ limit: 0 })).toEqual([]);
    expect(await ids({ suite: "nothing" })).toEqual([]);
    const page = async (before: { startedAt: string; id: string }, suite?: string) =>
      (await f.store.evals.list({ before, ...(suite === undefined ? {} : { suite }) })).map((s) => s.id);
    expect(await page({ startedAt: "2025-01-03T10:00:00.000Z", id: "eval-d" })).toEqual([
      "eval-c",
      "eval-b",
      "eval-a",
    ]);
    expect(await page({ startedAt: "2025-01-03T10:00:00.000Z", id: "eval-c" }, "lead-routing")).toEqual([
      "eval-a",
    ]);
    expect(await page({ startedAt: "2025-01-01T10:00:00.000Z", id: "eval-a" })).toEqual([]);
  });

  it("pages an evaluation's results in saved order, optionally only the failed or passed ones", async () => {
    const results = Array.from({ length: 7 }, (_, i) => result(`case-${i}`, 0, i % 3 !== 0));
    await f.store.evals.save(evaluation("eval-1", { results }));
    const first = await f.store.evals.resultPage("eval-1", { limit: 3 });
    expect(first).toEqual({ results: results.slice(0, 3), next: 2 });
    const second = await f.store.evals.resultPage("eval-1", { limit: 3, after: 2 });
    expect(second).toEqual({ results: results.slice(3, 6), next: 5 });
    expect(await f.store.evals.resultPage("eval-1", { limit: 3, after: 5 })).toEqual({
      results: results.slice(6),
      next: null,
    });
    // Failed ones: cases 0, 3 and 6 (positions 0, 3, 6).
    const failed = await f.store.evals.resultPage("eval-1", { limit: 2, passed: false });
    expect(failed).toEqual({ results: [results[0], results[3]], next: 3 });
    expect(await f.store.evals.resultPage("eval-1", { limit: 2, passed: false, after: 3 })).toEqual({
      results: [results[6]],
      next: null,
    });
    expect(await f.store.evals.resultPage("eval-1", { limit: 3, after: 6 })).toEqual({
      results: [],
      next: null,
    });
    // One case's, alone or with the other filters.
    expect(await f.store.evals.resultPage("eval-1", { limit: 3, caseId: "case-3" })).toEqual({
      results: [results[3]],
      next: null,
    });
    expect(await f.store.evals.resultPage("eval-1", { limit: 3, caseId: "case-3", passed: true })).toEqual({
      results: [],
      next: null,
    });
    expect(await f.store.evals.resultPage("eval-1", { limit: 3, caseId: "case-9" })).toEqual({
      results: [],
      next: null,
    });
    expect(await f.store.evals.resultPage("eval-unknown", { limit: 3 })).toEqual({ results: [], next: null });
  });

  it("refuses to save an id twice with a SystemError, keeping what was saved first", async () => {
    await f.store.evals.save(evaluation("eval-1"));
    const error = await rejectionOf(
      f.store.evals.save(evaluation("eval-1", { suite: "other", results: [result("case-9", 0)] })),
    );
    expect(SystemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: ErrorCode.StoreFailure });
    expect((await f.store.evals.list()).map((summary) => [summary.suite, summary.resultCount])).toEqual([
      ["lead-routing", 2],
    ]);
    expect(await f.store.evals.results("eval-1")).toEqual([result("case-1", 0), result("case-1", 1)]);
  });

  it("hands out copies: changing what was saved or read does not change what is stored", async () => {
    const saved = evaluation("eval-1");
    await f.store.evals.save(saved);
    (saved.report as { id: string }).id = "changed";
    ((saved.results[0] as EvalResultRecord).data as { caseId: string }).caseId = "changed";
    const read = (await f.store.evals.results("eval-1"))[0] as EvalResultRecord;
    (read.data as { caseId: string }).caseId = "changed again";
    expect(await f.store.evals.get("eval-1")).toEqual(evaluation("eval-1").report);
    expect(await f.store.evals.results("eval-1")).toEqual(evaluation("eval-1").results);
  });
}

const transcript = (caseId: string, trial: number) => ({
  caseId,
  trial,
  data: { schemaVersion: 1, caseId, trial, toolCalls: [{ toolName: "crm_lookup", verdict: "allow" }] },
});

/** `Store["evals"].transcripts`: trial transcripts saved with a traced evaluation. */
export function evalTranscriptsContract(f: ContractFixture): void {
  it("saves transcripts with the evaluation and reads them back by case and trial, in the order saved", async () => {
    const transcripts = [transcript("case-2", 1), transcript("case-1", 2), transcript("case-1", 1)];
    await f.store.evals.save(evaluation("eval-1", { transcripts }));
    expect(await f.store.evals.transcripts("eval-1")).toEqual(transcripts);
    expect(await f.store.evals.transcripts("eval-1", { caseId: "case-1" })).toEqual([
      transcript("case-1", 2),
      transcript("case-1", 1),
    ]);
    expect(await f.store.evals.transcripts("eval-1", { caseId: "case-1", trial: 1 })).toEqual([
      transcript("case-1", 1),
    ]);
    expect(await f.store.evals.transcripts("eval-1", { trial: 1 })).toEqual([
      transcript("case-2", 1),
      transcript("case-1", 1),
    ]);
    expect(await f.store.evals.transcripts("eval-1", { caseId: "case-9" })).toEqual([]);
    expect(await f.store.evals.transcripts("eval-unknown")).toEqual([]);
  });

  it("reads no transcripts for an evaluation saved without them, and keeps evaluations apart", async () => {
    await f.store.evals.save(evaluation("eval-plain"));
    await f.store.evals.save(evaluation("eval-traced", { transcripts: [transcript("case-1", 1)] }));
    expect(await f.store.evals.transcripts("eval-plain")).toEqual([]);
    expect(await f.store.evals.transcripts("eval-traced")).toEqual([transcript("case-1", 1)]);
  });

  it("saves thousands of transcripts in one save, across statement batches", async () => {
    const transcripts = Array.from({ length: 1_203 }, (_, i) =>
      transcript(`case-${i % 30}`, 1 + Math.floor(i / 30)),
    );
    await f.store.evals.save(evaluation("eval-big", { transcripts }));
    expect(await f.store.evals.transcripts("eval-big")).toEqual(transcripts);
    expect(await f.store.evals.transcripts("eval-big", { caseId: "case-7", trial: 40 })).toEqual([
      transcript("case-7", 40),
    ]);
  });

  it("writes no transcript when saving an id twice fails", async () => {
    await f.store.evals.save(evaluation("eval-1"));
    await rejectionOf(f.store.evals.save(evaluation("eval-1", { transcripts: [transcript("case-1", 1)] })));
    expect(await f.store.evals.transcripts("eval-1")).toEqual([]);
  });

  it("hands out copies of transcripts", async () => {
    const saved = transcript("case-1", 1);
    await f.store.evals.save(evaluation("eval-1", { transcripts: [saved] }));
    (saved.data as { caseId: string }).caseId = "changed";
    const read = (await f.store.evals.transcripts("eval-1"))[0];
    (read?.data as { caseId: string }).caseId = "changed again";
    expect(await f.store.evals.transcripts("eval-1")).toEqual([transcript("case-1", 1)]);
  });
}
