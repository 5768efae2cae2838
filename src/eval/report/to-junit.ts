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

function suite(report: EvalReport, kind: TrialResult["kind"]): string[] {
  const results = report.results.filter((result) => result.kind === kind);
  const failed = results.filter((result) => !result.passed).length;
  const time = results.reduce((sum, result) => sum + result.durationMs, 0);
  const classname = `${report.suite}.${kind}`;
  return [
    `  <testsuite name="${x(classname)}" tests="${results.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(time)}" timestamp="${x(report.startedAt)}">`,
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
