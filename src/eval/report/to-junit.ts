import type { EvalReport } from "../report.js";
import type { TrialResult } from "../trial.js";
import { escapeMarkup as x } from "./escape-markup.js";
import { trialLabel } from "./report-labels.js";

/**
 * The eval report as JUnit XML, for CI systems that show test results: one `<testsuite>` per case kind, one
 * `<testcase>` per trial (`<caseId> trial <n>`, with ` ~<perturbation>` for a derived case whose id does not end in it), and a `<failure>`
 * listing what went wrong for each trial that did not pass every category.
 */
export function toJUnitXml(report: EvalReport): string {
  const kinds = [...new Set(report.results.map((result) => result.kind))];
  const failed = report.results.filter((result) => !result.passed).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(report.suite)}" tests="${report.results.length}" failures="${failed}" time="${seconds(report.durationMs)}">`,
    ...kinds.flatMap((kind) => suite(report, kind)),
    "</testsuites>",
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * {@link toJUnitXml} written piece by piece from `results`, for a report whose results are in the store: one pass to
 * count trials, failures and time by kind (the attributes come before the test cases), then one pass per kind for its
 * test cases. Memory holds the counts, never every result.
 */
export async function writeJUnitXml(
  report: EvalReport,
  results: () => AsyncIterable<TrialResult>,
  write: (chunk: string) => void,
): Promise<void> {
  const kinds = new Map<TrialResult["kind"], { tests: number; failed: number; timeMs: number }>();
  for await (const result of results()) {
    const counts = kinds.get(result.kind) ?? { tests: 0, failed: 0, timeMs: 0 };
    counts.tests++;
    if (!result.passed) counts.failed++;
    counts.timeMs += result.durationMs;
    kinds.set(result.kind, counts);
  }
  const all = [...kinds.values()];
  const tests = all.reduce((sum, counts) => sum + counts.tests, 0);
  const failed = all.reduce((sum, counts) => sum + counts.failed, 0);
  write('<?xml version="1.0" encoding="UTF-8"?>\n');
  write(
    `<testsuites name="${x(report.suite)}" tests="${tests}" failures="${failed}" time="${seconds(report.durationMs)}">\n`,
  );
  for (const [kind, counts] of kinds) {
    const classname = `${report.suite}.${kind}`;
    write(`${suiteOpening(report, classname, counts.tests, counts.failed, counts.timeMs)}\n`);
    for await (const result of results())
      if (result.kind === kind) write(`${testcase(classname, result).join("\n")}\n`);
    write("  </testsuite>\n");
  }
  write("</testsuites>\n");
}

function suiteOpening(
  report: EvalReport,
  classname: string,
  tests: number,
  failed: number,
  timeMs: number,
): string {
  return `  <testsuite name="${x(classname)}" tests="${tests}" failures="${failed}" errors="0" skipped="0" time="${seconds(timeMs)}" timestamp="${x(report.startedAt)}">`;
}

function suite(report: EvalReport, kind: TrialResult["kind"]): string[] {
  const results = report.results.filter((result) => result.kind === kind);
  const failed = results.filter((result) => !result.passed).length;
  const time = results.reduce((sum, result) => sum + result.durationMs, 0);
  const classname = `${report.suite}.${kind}`;
  return [
    suiteOpening(report, classname, results.length, failed, time),
    ...results.flatMap((result) => testcase(classname, result)),
    "  </testsuite>",
  ];
}

function testcase(classname: string, result: TrialResult): string[] {
  const open = `    <testcase classname="${x(classname)}" name="${x(trialLabel(result))}" time="${seconds(result.durationMs)}"`;
  if (result.passed) return [`${open}/>`];
  const sentences = result.failures.map((failure) => `${failure.category}: ${failure.message}`);
  const message = sentences.length > 0 ? sentences.join("; ") : "did not pass every category";
  return [
    `${open}>`,
    `      <failure message="${x(message)}" type="${x(result.impact)}">${x(sentences.join("\n"))}</failure>`,
    "    </testcase>",
  ];
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
