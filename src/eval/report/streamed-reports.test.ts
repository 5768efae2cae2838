import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { EvalReport } from "../report.js";
import type { TrialTranscript } from "../transcript.js";
import type { TrialResult } from "../trial.js";
import { parseReport } from "./read-report.js";
import { htmlResultRowLimit, toHtml, writeHtmlReport } from "./to-html.js";
import { toJUnitXml, writeJUnitXml } from "./to-junit.js";
import { writeReportJson } from "./write-json.js";

const after = parseReport(
  readFileSync(fileURLToPath(new URL("../../../test/fixtures/reports/after.json", import.meta.url)), "utf8"),
  "after.json",
);

/** The results one at a time, as the store hands them out; counts how many passes were made. */
function source(results: readonly TrialResult[]) {
  const passes = { count: 0 };
  const read = async function* () {
    passes.count++;
    for (const result of results) yield structuredClone(result);
  };
  return { read, passes };
}

async function written(into: (write: (chunk: string) => void) => Promise<void>): Promise<string> {
  let text = "";
  await into((chunk) => {
    text += chunk;
  });
  return text;
}

describe("reports written piece by piece from the results", () => {
  it("JSON: the same text as JSON.stringify of the whole report, with and without results", async () => {
    expect(after.results.length).toBeGreaterThan(3);
    const { read } = source(after.results);
    const streamed = await written((write) => writeReportJson({ ...after, results: [] }, read(), write));
    expect(streamed).toBe(`${JSON.stringify(after, null, 2)}\n`);
    const empty = { ...after, results: [] };
    expect(await written((write) => writeReportJson(empty, source([]).read(), write))).toBe(
      `${JSON.stringify(empty, null, 2)}\n`,
    );
  });

  it("JUnit: the same XML as toJUnitXml, in one pass to count and one per kind", async () => {
    const { read, passes } = source(after.results);
    const streamed = await written((write) => writeJUnitXml({ ...after, results: [] }, read, write));
    expect(streamed).toBe(toJUnitXml(after));
    expect(passes.count).toBe(1 + new Set(after.results.map((r) => r.kind)).size);
  });

  it("HTML: the same page as toHtml, the failed trials' transcripts embedded from where they are kept", async () => {
    const failed = after.results.filter((r) => !r.passed);
    expect(failed.length).toBeGreaterThan(0);
    const transcripts = failed.map(
      (r): TrialTranscript =>
        ({
          schemaVersion: 1,
          caseId: r.caseId,
          trial: r.trial,
          passed: false,
          input: {},
          messages: [],
          toolCalls: [],
          worldChanges: [],
          events: [],
          runId: `run-${r.caseId}`,
          outcome: r.outcome,
          failures: r.failures,
        }) as unknown as TrialTranscript,
    );
    const asked: string[] = [];
    const { read, passes } = source(after.results);
    const streamed = await written((write) =>
      writeHtmlReport({ ...after, results: [] }, read, write, {
        evalId: "eval-1",
        transcriptOf: async (caseId, trial) => {
          asked.push(`${caseId} ${trial}`);
          return transcripts.find((t) => t.caseId === caseId && t.trial === trial);
        },
      }),
    );
    expect(streamed).toBe(toHtml(after, { evalId: "eval-1", transcripts }));
    expect(passes.count).toBe(2);
    expect(asked.sort()).toEqual(failed.map((r) => `${r.caseId} ${r.trial}`).sort());
  });

  it("HTML: shows the first rows of a large report, and says that the JSON report has the rest", async () => {
    const template = after.results[0] as TrialResult;
    const many = Array.from({ length: htmlResultRowLimit + 7 }, (_, i) => ({
      ...template,
      caseId: `case-${i}`,
    }));
    const page = toHtml({ ...after, results: many } as EvalReport);
    expect(page.match(/<tr class="(passed|failed)">/g)).toHaveLength(htmlResultRowLimit);
    expect(page).toContain(
      `${many.length} results: ${many.length} passed, 0 failed (the first ${htmlResultRowLimit} shown; every result is in the JSON report)`,
    );
  });
});
