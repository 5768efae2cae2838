import { describeGate, formatTranscript } from "../format-transcript.js";
import type { EvalReport } from "../report.js";
import type { TrialTranscript } from "../transcript.js";
import type { TrialResult } from "../trial.js";
import { metricsChart, passHatKChart } from "./html-charts.js";
import { perturbationsSection } from "./html-perturbations.js";
import { reportCss } from "./html-style.js";
import {
  breakdownTable,
  type FailureGroup,
  failureGroups,
  failuresTable,
  impactBadge,
  type ResultsTableHead,
  resultRow,
  resultsTable,
  tableCategories,
  transcriptAnchor,
  transcriptKey,
} from "./html-tables.js";
import { html, SafeHtml } from "./html-template.js";
import {
  formatCost,
  formatCount,
  formatDuration,
  impactsBySeverity,
  kindRows,
  modelNote,
  perturbationRows,
  thresholdLine,
  thresholdSource,
} from "./report-labels.js";

/** Nothing may load from anywhere: no scripts at all, styles and images only from the page itself. */
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Options of `toHtml`. */
export interface ToHtmlOptions {
  /** The evaluation's id in the store, shown with the `reins show` command line of each failure. */
  evalId?: string;
  /** Transcripts (of failed trials) to embed; each failure links to its own. */
  transcripts?: readonly TrialTranscript[];
}

/** Rows of the "All results" table at most: the page keeps summaries and failures, the JSON report every result. */
export const htmlResultRowLimit = 5_000;

/** Transcripts of failed trials a page written from the store embeds at most (the first failures' trials). */
export const htmlTranscriptLimit = 200;

/** What one pass over the results gathers for the page: failures by case, counts and categories. */
export interface HtmlSummary {
  groups: FailureGroup[];
  head: ResultsTableHead;
}

/** Gathers the page's {@link HtmlSummary} one result at a time. */
function htmlSummary(): { add(result: TrialResult): void; done(): HtmlSummary } {
  const failures = failureGroups();
  const custom = new Set<string>();
  let total = 0;
  let passed = 0;
  return {
    add(result) {
      failures.add(result);
      for (const category of Object.keys(result.scores)) custom.add(category);
      total++;
      if (result.passed) passed++;
    },
    done: () => ({
      groups: failures.groups(),
      head: {
        total,
        passed,
        categories: tableCategories(custom),
        shown: Math.min(total, htmlResultRowLimit),
      },
    }),
  };
}

/**
 * The eval report as one self-contained HTML page, readable offline: inline CSS and SVG charts, no scripts, no
 * external requests (a Content-Security-Policy forbids them). Every piece of report text is escaped. Failures are
 * grouped by case; with `transcripts`, each failed trial links to its transcript embedded at the end of the page.
 * The "All results" table shows the first {@link htmlResultRowLimit} trials.
 */
export function toHtml(report: EvalReport, options: ToHtmlOptions = {}): string {
  const gathered = htmlSummary();
  for (const result of report.results) gathered.add(result);
  const summary = gathered.done();
  const parts = pageParts(report, summary, options);
  let rows = "";
  for (const result of report.results.slice(0, summary.head.shown))
    rows += resultRow(result, summary.head.categories).value;
  return parts.before + rows + parts.after;
}

/** Options of {@link writeHtmlReport}. */
export interface WriteHtmlOptions {
  /** The evaluation's id in the store, shown with the `reins show` command line of each failure. */
  evalId?: string;
  /** The transcript of a failed trial, when the evaluation kept them; the first {@link htmlTranscriptLimit} are embedded. */
  transcriptOf?: (caseId: string, trial: number) => Promise<TrialTranscript | undefined>;
}

/**
 * {@link toHtml} written piece by piece from `results` (read twice: once for the failures and counts, once for the
 * rows), for a report whose results are in the store: memory holds the failures, never every result.
 */
export async function writeHtmlReport(
  report: EvalReport,
  results: () => AsyncIterable<TrialResult>,
  write: (chunk: string) => void,
  options: WriteHtmlOptions = {},
): Promise<void> {
  const gathered = htmlSummary();
  for await (const result of results()) gathered.add(result);
  const summary = gathered.done();
  const transcripts: TrialTranscript[] = [];
  if (options.transcriptOf !== undefined)
    outer: for (const group of summary.groups)
      for (const trial of group.failedTrials) {
        if (transcripts.length >= htmlTranscriptLimit) break outer;
        const transcript = await options.transcriptOf(group.caseId, trial);
        if (transcript !== undefined) transcripts.push(transcript);
      }
  const parts = pageParts(report, summary, {
    ...(options.evalId === undefined ? {} : { evalId: options.evalId }),
    transcripts,
  });
  write(parts.before);
  let shown = 0;
  for await (const result of results()) {
    if (shown >= summary.head.shown) break;
    write(resultRow(result, summary.head.categories).value);
    shown++;
  }
  write(parts.after);
}

/** The page around the results table's rows. */
function pageParts(
  report: EvalReport,
  summary: HtmlSummary,
  options: ToHtmlOptions,
): { before: string; after: string } {
  const transcripts = (options.transcripts ?? []).filter((t) => !t.passed);
  const links = {
    ...(options.evalId === undefined ? {} : { evalId: options.evalId }),
    embedded: new Set(transcripts.map((t) => transcriptKey(t.caseId, t.trial))),
  };
  const table = resultsTable(summary.head);
  const before = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${report.suite}: eval report</title>
<style>${new SafeHtml(reportCss)}</style>
</head>
<body>
${header(report, summary.head.total)}
<main>
<div class="grid">
<section class="card" id="scores"><h2>Scores by category</h2>${metricsChart(report)}${
    report.thresholds.checks.length > 0
      ? html`<p class="muted">Dashed line: the category's threshold.</p>`
      : ""
  }</section>
<section class="card" id="pass-hat-k"><h2>Reliability: pass^k</h2>${passHatKChart(report)}<p class="muted">The chance that k trials of a case all succeed, averaged over cases.</p></section>
</div>
<section class="card"><h2>By kind</h2><div class="table-wrap">${breakdownTable("by-kind", "kind", kindRows(report))}</div></section>
<section class="card"><h2>By perturbation</h2><div class="table-wrap">${breakdownTable("by-perturbation", "perturbation", perturbationRows(report))}</div></section>
${perturbationsSection(report)}
<div class="grid">
${impact(report)}
${thresholds(report)}
${usage(report)}
</div>
<section class="card" id="failures-section"><h2>Failures by case, critical first</h2><div class="table-wrap">${failuresTable(summary.groups, links)}</div></section>
<section class="card"><h2>All results</h2><div class="table-wrap">${table.open}`;
  const after = html`${table.close}</div></section>
${transcripts.length > 0 ? transcriptsSection(transcripts, options.evalId ?? "?") : ""}
</main>
<footer>Written by reins from an eval report (schemaVersion ${report.schemaVersion}).</footer>
</body>
</html>
`;
  return { before: before.value, after: after.value };
}

/** The embedded transcripts, one anchored block each, as `reins show` prints them. */
function transcriptsSection(transcripts: readonly TrialTranscript[], evalId: string): SafeHtml {
  return html`<section class="card" id="transcripts"><h2>Transcripts of failed trials</h2>
${transcripts.map(
  (
    t,
  ) => html`<details class="transcript" id="${transcriptAnchor(t.caseId, t.trial)}" open><summary>${t.caseId} · trial ${t.trial} · ${t.toolCalls.map((call) => `${call.toolName} ${describeGate(call)}`).join(", ") || "no tool calls"}</summary><pre>${formatTranscript(t, evalId)}</pre></details>
`,
)}</section>`;
}

function header(report: EvalReport, results: number): SafeHtml {
  const model = modelNote(report);
  const verdict =
    report.thresholds.checks.length === 0
      ? html`<span class="badge verdict impact-low">no thresholds set</span>`
      : report.thresholds.passed
        ? html`<span class="badge verdict pass">thresholds met</span>`
        : html`<span class="badge verdict fail">thresholds not met</span>`;
  return html`<header>
<h1>${report.suite} <span class="sub">eval report</span></h1>
<p class="meta">agent <b>${report.agent}${model}</b> · charter <b>${report.charter.name} v${report.charter.version}</b> · ${report.caseCount} cases × ${report.trials} trials = ${results} results · ${formatDuration(report.durationMs)} · started ${report.startedAt}</p>
${verdict}
</header>`;
}

function impact(report: EvalReport): SafeHtml {
  const { weights, errorCostPerTrial, failedTrials } = report.impact;
  return html`<section class="card" id="impact"><h2>Impact</h2>
<dl class="facts">
<dt>error cost per trial</dt><dd><b>${errorCostPerTrial.toFixed(2)}</b></dd>
${impactsBySeverity.map((level) => html`<dt>${impactBadge(level)}</dt><dd>${failedTrials[level]} failed <span class="muted">· weight ${weights[level]}</span></dd>`)}
</dl></section>`;
}

function thresholds(report: EvalReport): SafeHtml {
  const { checks } = report.thresholds;
  const items = checks.map((check) => {
    const source = thresholdSource(check);
    return html`<li>${check.passed ? html`<span class="badge pass">pass</span>` : html`<span class="badge fail">fail</span>`}<span><b>${thresholdLine(check)}</b> <span class="muted">(${source})</span></span></li>`;
  });
  return html`<section class="card" id="thresholds"><h2>Thresholds</h2>${
    checks.length === 0 ? html`<p class="muted">None set.</p>` : html`<ul class="checks">${items}</ul>`
  }</section>`;
}

function usage(report: EvalReport): SafeHtml {
  const { modelCalls, inputTokens, outputTokens, costUsd } = report.usage;
  return html`<section class="card" id="usage"><h2>Usage</h2>
<dl class="facts">
<dt>model calls</dt><dd>${formatCount(modelCalls)}</dd>
<dt>input tokens</dt><dd>${formatCount(inputTokens)}</dd>
<dt>output tokens</dt><dd>${formatCount(outputTokens)}</dd>
<dt>cost</dt><dd>${formatCost(costUsd)}</dd>
</dl></section>`;
}
