import { terminalText } from "../../text/terminal-text.js";
import type { EvalReport } from "../report.js";
import { formatPerturbations } from "./format-perturbations.js";
import {
  formatCost,
  formatCount,
  formatDuration,
  formatMetric,
  formatPercent,
  impactsBySeverity,
  kindRows,
  metricLabel,
  metricOrder,
  modelNote,
  passHatKRows,
  perturbationRows,
  thresholdLine,
  thresholdSource,
  trialCounts,
  worstFailures,
} from "./report-labels.js";
import { formatTable } from "./text-table.js";

export interface FormatSummaryOptions {
  /** Colour headings, ✓ and ✗ with ANSI codes (for a terminal). Default false: plain text. */
  color?: boolean;
}

const ansi = { bold: "\u001b[1m", red: "\u001b[31m", green: "\u001b[32m", reset: "\u001b[0m" } as const;
type Paint = (style: "bold" | "red" | "green", text: string) => string;

/** At most this many failures are listed; the JSON and HTML reports have them all. */
const maxFailures = 10;
const barWidth = 20;

/**
 * The eval report as terminal text: scores by category with bars, pass^k, breakdowns by kind and perturbation,
 * what each requested perturbation applied to (and why not), impact, thresholds, usage and the worst failures (critical first) with what went wrong.
 */
export function formatSummary(untrusted: EvalReport, options: FormatSummaryOptions = {}): string {
  // In colour, the terminal receives Reins' styles as they are: every string of the report (case ids, messages, a
  // model's words) is escaped first, so that none of them can carry a style or any other escape sequence.
  const report = options.color ? escapeStrings(untrusted) : untrusted;
  const paint: Paint = options.color
    ? (style, text) => `${ansi[style]}${text}${ansi.reset}`
    : (_, text) => text;
  return [
    header(report),
    scores(report, paint),
    breakdowns(report, paint),
    formatPerturbations(report, (text) => paint("bold", text)),
    impact(report, paint),
    thresholds(report, paint),
    usage(report, paint),
    failures(report, paint),
  ]
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join("\n"))
    .join("\n\n");
}

function header(report: EvalReport): string[] {
  const model = modelNote(report);
  const results = trialCounts(report).trials;
  return [
    `${report.suite} · ${report.agent}${model}`,
    `charter ${report.charter.name} v${report.charter.version} · ${report.caseCount} cases × ${report.trials} trials = ${results} results · ${formatDuration(report.durationMs)} · started ${report.startedAt}`,
  ];
}

function scores(report: EvalReport, paint: Paint): string[] {
  const rows = metricOrder.map((metric) => {
    const share = report.metrics[metric];
    const filled = Math.round(share * barWidth);
    return [
      metricLabel(metric),
      formatMetric(report, metric, share),
      "█".repeat(filled) + "░".repeat(barWidth - filled),
    ];
  });
  const passHatK = passHatKRows(report.passHatK).map(([k, share]) => `pass^${k} ${formatPercent(share)}`);
  return [paint("bold", "Scores"), ...formatTable(rows), `  ${passHatK.join(" · ")}`];
}

function breakdowns(report: EvalReport, paint: Paint): string[] {
  const head = ["cases", "trials", "pass", "task", "tools", "data", "policy", "recovery"];
  const row = (name: string, b: EvalReport["byPerturbation"][string]) => [
    name,
    String(b.cases),
    String(b.trials),
    formatPercent(b.passRate),
    ...metricOrder.map((metric) => formatPercent(b.metrics[metric])),
  ];
  return formatTable(
    [
      [paint("bold", "By kind"), ...head],
      ...kindRows(report).map(([kind, b]) => row(`  ${kind}`, b)),
      [paint("bold", "By perturbation")],
      ...perturbationRows(report).map(([name, b]) => row(`  ${name}`, b)),
    ],
    { indent: "" },
  );
}

function impact(report: EvalReport, paint: Paint): string[] {
  const { weights, errorCostPerTrial, failedTrials } = report.impact;
  const list = (value: (impact: (typeof impactsBySeverity)[number]) => number) =>
    impactsBySeverity.map((level) => `${level} ${value(level)}`).join(" · ");
  return [
    paint("bold", "Impact"),
    `  error cost per trial ${errorCostPerTrial.toFixed(2)} (weights: ${list((level) => weights[level])})`,
    `  failed trials: ${list((level) => failedTrials[level])}`,
  ];
}

function thresholds(report: EvalReport, paint: Paint): string[] {
  const { passed, checks } = report.thresholds;
  if (checks.length === 0) return [`${paint("bold", "Thresholds")}: none set`];
  const verdict = passed ? paint("green", "met") : paint("red", "not met");
  return [
    `${paint("bold", "Thresholds")}: ${verdict}`,
    ...checks.map((check) => {
      const mark = check.passed ? paint("green", "✓") : paint("red", "✗");
      const source = thresholdSource(check);
      return `  ${mark} ${thresholdLine(check)} (${source})`;
    }),
  ];
}

function usage(report: EvalReport, paint: Paint): string[] {
  const { modelCalls, inputTokens, outputTokens, costUsd } = report.usage;
  return [
    `${paint("bold", "Usage")}: ${formatCount(modelCalls)} model calls · ${formatCount(inputTokens)} input + ${formatCount(outputTokens)} output tokens · cost ${formatCost(costUsd)}`,
  ];
}

function failures(report: EvalReport, paint: Paint): string[] {
  const { failed } = trialCounts(report);
  if (failed === 0) return [`${paint("bold", "Failures")}: none`];
  const shown = worstFailures(report, maxFailures);
  return [
    paint("bold", `Worst failures (${shown.length} of ${failed} failed trials)`),
    ...shown.flatMap((failure) => [
      `  ${failure.impact === "critical" ? paint("red", failure.impact) : failure.impact} · ${failure.caseId} trial ${failure.trial} (${failure.kind})`,
      ...failure.failures.map((sentence) => `    - ${sentence}`),
    ]),
  ];
}

function escapeStrings<T>(value: T): T {
  if (typeof value === "string") return terminalText(value) as T;
  if (Array.isArray(value)) return value.map(escapeStrings) as T;
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, escapeStrings(v)])) as T;
  return value;
}
