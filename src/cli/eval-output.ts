import type { AuditSink } from "../audit/audit-log.js";
import { redteamRegression } from "../autonomy/demotion-causes.js";
import { formatSummary } from "../eval/report/format-summary.js";
import { writeHtmlReport } from "../eval/report/to-html.js";
import { writeJUnitXml } from "../eval/report/to-junit.js";
import { writeReportJson } from "../eval/report/write-json.js";
import type { EvalReport } from "../eval/report.js";
import { storedResults } from "../eval/run-eval.js";
import type { Suite } from "../eval/suite.js";
import type { TrialTranscript } from "../eval/transcript.js";
import type { TrialResult } from "../eval/trial.js";
import { streamUserFile } from "../files/write-user-file.js";
import { demoteCertified } from "../runtime/demote-autonomy.js";
import type { Store } from "../store/store.js";
import { demotionLine } from "./commands/autonomy.js";
import { ExitCode } from "./handle-error.js";
import type { Io } from "./io.js";

/** Where an eval's reports go (checked writable before the eval runs). */
export interface ReportPaths {
  json: string;
  html: string;
  junit?: string;
}

/**
 * What `reins eval` does with a finished evaluation, run locally or through the queue: the summary, the red-team
 * cases that could not run, the JSON, HTML (with failed trials' transcripts when traced) and JUnit files written from
 * the store one page of results at a time, the eval id, and exit code 1 when a threshold is unmet.
 */
export async function printEvalOutcome(options: {
  io: Io;
  /** The report, its results left in the store. */
  report: EvalReport;
  evalId: string;
  suite: Suite;
  store: Store;
  paths: ReportPaths;
  trace: boolean;
  /** Where a demotion is audited (the store's audit log). */
  audit: AuditSink;
  /** Collects the heap now and then while the reports are written page by page (see `periodicHeapCollector`). */
  heap?: { tick(): void };
}): Promise<void> {
  const { io, report, evalId, suite, store, paths, trace } = options;
  io.out(formatSummary(report, { color: io.isTty }), { styled: io.isTty });
  const skipped = suite.redteamNotRunnable ?? [];
  if (skipped.length > 0) {
    io.out(
      `${skipped.length} red-team case${skipped.length === 1 ? "" : "s"} not runnable, skipped (never a pass):`,
    );
    for (const c of skipped) io.out(`  ${c.id}: ${c.reason}`);
  }
  // Written from the store, one page of results at a time: the reports of any size fit in memory.
  const { heap } = options;
  const results = () =>
    heap === undefined ? storedResults(store, evalId) : collecting(storedResults(store, evalId), heap);
  // The red-team failures are noted on the JSON report's pass, for the demotion below: no third pass over the store.
  const redteamFailures: TrialResult[] = [];
  await streamUserFile(paths.json, { what: "JSON report", flag: "--out" }, (write) =>
    writeReportJson(
      report,
      noting(results(), (result) => {
        if (result.redteam && !result.passed) redteamFailures.push(result);
      }),
      write,
    ),
  );
  // The page embeds the transcripts of failed trials: a file cannot query the store.
  await streamUserFile(paths.html, { what: "HTML report", flag: "--html" }, (write) =>
    writeHtmlReport(report, results, write, {
      evalId,
      ...(trace
        ? {
            transcriptOf: async (caseId: string, trial: number) =>
              (await store.evals.transcripts(evalId, { caseId, trial }))[0]?.data as
                | TrialTranscript
                | undefined,
          }
        : {}),
    }),
  );
  const written = [paths.json, paths.html];
  if (paths.junit) {
    const junit = paths.junit;
    await streamUserFile(junit, { what: "JUnit report", flag: "--junit" }, (write) =>
      writeJUnitXml(report, results, write),
    );
    written.push(junit);
  }
  io.out(`reports: ${written.join(", ")}`);
  io.out(
    trace
      ? `eval id: ${evalId} (transcripts kept: reins show ${evalId} <caseId> [--trial n])`
      : `eval id: ${evalId}`,
  );
  // Demote fast: a red-team regression drops the charter version's certified level, if it has one.
  const regression = await redteamRegression(redteamFailures);
  const demoted = regression
    ? await demoteCertified({ store, audit: options.audit, charter: report.charter, cause: regression })
    : undefined;
  if (demoted) io.out(demotionLine(demoted));
  if (!report.thresholds.passed) io.setExitCode(ExitCode.Failed);
}

/** The results as they come, with the heap collected now and then (see `periodicHeapCollector`). */
async function* collecting<T>(results: AsyncIterable<T>, heap: { tick(): void }): AsyncGenerator<T> {
  for await (const result of results) {
    yield result;
    heap.tick();
  }
}

/** The results as they come, each shown to `note` first. */
async function* noting<T>(results: AsyncIterable<T>, note: (result: T) => void): AsyncGenerator<T> {
  for await (const result of results) {
    note(result);
    yield result;
  }
}
