import type { Breakdown, EvalReport } from "../report.js";
import type { TrialOutcome, TrialResult } from "../trial.js";
import { miniBar } from "./html-charts.js";
import { html, type SafeHtml } from "./html-template.js";
import {
  caseLabel,
  formatCount,
  formatDuration,
  metricLabel,
  metricOrder,
  severityRank,
} from "./report-labels.js";

/** A breakdown (by kind or by perturbation) as a table with a small bar in every cell. */
export function breakdownTable(id: string, heading: string, rows: [string, Breakdown][]): SafeHtml {
  return html`<table id="${id}">
<thead><tr><th>${heading}</th><th class="num">cases</th><th class="num">trials</th><th>pass rate</th>${metricOrder.map((metric) => html`<th>${metricLabel(metric)}</th>`)}</tr></thead>
<tbody>
${rows.map(
  ([name, b]) =>
    html`<tr><th scope="row">${name}</th><td class="num">${b.cases}</td><td class="num">${b.trials}</td><td>${miniBar(b.passRate)}</td>${metricOrder.map((metric) => html`<td>${miniBar(b.metrics[metric])}</td>`)}</tr>
`,
)}</tbody>
</table>`;
}

/** Where a failed trial's transcript is: embedded in the page, or in the store under an evaluation id. */
export interface TranscriptLinks {
  /** The evaluation's id in the store, for the `reins show` command line. */
  evalId?: string;
  /** `caseId` + trial of the transcripts embedded in the page (see {@link transcriptAnchor}). */
  embedded?: ReadonlySet<string>;
}

/** The id of an embedded transcript's element. */
export function transcriptAnchor(caseId: string, trial: number): string {
  return `transcript-${caseId}-${trial}`;
}

/**
 * Failed trials grouped by case, critical first: one row per case ("failed 9/10 trials") with each distinct
 * sentence once (and on how many trials it came), and a link to each failed trial's transcript.
 */
export function failuresTable(report: EvalReport, links: TranscriptLinks = {}): SafeHtml {
  const byCase = new Map<string, TrialResult[]>();
  for (const result of report.results) {
    const group = byCase.get(result.caseId) ?? [];
    group.push(result);
    byCase.set(result.caseId, group);
  }
  const groups = [...byCase.values()]
    .map((trials) => ({ trials, failed: trials.filter((result) => !result.passed) }))
    .filter((group) => group.failed.length > 0)
    .sort((a, b) => {
      const x = a.failed[0] as TrialResult;
      const y = b.failed[0] as TrialResult;
      return (
        severityRank(x.impact) - severityRank(y.impact) ||
        b.failed.length - a.failed.length ||
        distinctFailures(b.failed).length - distinctFailures(a.failed).length ||
        x.caseId.localeCompare(y.caseId)
      );
    });
  if (groups.length === 0) return html`<p class="empty">No failures: every trial passed every category.</p>`;
  return html`<table id="failures">
<thead><tr><th>impact</th><th>case</th><th class="num">failed</th><th>kind</th><th>perturbation</th><th>what went wrong</th><th>transcripts</th></tr></thead>
<tbody>
${groups.map(({ trials, failed }) => {
  const first = failed[0] as TrialResult;
  const sentences = distinctFailures(failed);
  return html`<tr><td>${impactBadge(first.impact)}</td><td class="case">${first.caseId}</td><td class="num">${failed.length}/${trials.length} trials</td><td>${first.kind}</td><td>${first.perturbation ?? "—"}</td><td><ul class="sentences">${
    sentences.length === 0
      ? html`<li>did not pass every category</li>`
      : sentences.map(
          ({ category, message, count }) =>
            html`<li><span class="category">${metricLabel(category)}</span> ${message}${count < failed.length ? html` <span class="muted">(${count} of ${failed.length})</span>` : ""}</li>`,
        )
  }</ul></td><td class="transcripts">${transcriptCell(failed, links)}</td></tr>
`;
})}</tbody>
</table>`;
}

/** Each distinct failure sentence of a case's failed trials, in first-seen order, with how many trials had it. */
function distinctFailures(
  failed: readonly TrialResult[],
): { category: string; message: string; count: number }[] {
  const seen = new Map<string, { category: string; message: string; count: number }>();
  for (const result of failed) {
    const inTrial = new Set<string>();
    for (const failure of result.failures) {
      const key = `${failure.category}\u0000${failure.message}`;
      if (inTrial.has(key)) continue;
      inTrial.add(key);
      const entry = seen.get(key) ?? { ...failure, count: 0 };
      entry.count++;
      seen.set(key, entry);
    }
  }
  return [...seen.values()];
}

/** The failed trials, each linked to its embedded transcript, or a note that none was kept. */
function transcriptCell(failed: readonly TrialResult[], links: TranscriptLinks): SafeHtml {
  const { caseId } = failed[0] as TrialResult;
  const isEmbedded = (trial: number) => links.embedded?.has(transcriptKey(caseId, trial)) === true;
  const trials = failed.map((result) =>
    isEmbedded(result.trial)
      ? html`<a href="#${transcriptAnchor(caseId, result.trial)}">trial ${result.trial}</a> `
      : html`trial ${result.trial} `,
  );
  if (!failed.some((result) => isEmbedded(result.trial)))
    return html`${trials}<br><span class="muted">no transcript kept: run the eval with --trace</span>`;
  const command =
    links.evalId === undefined ? "" : html`<br><code>reins show ${links.evalId} ${caseId} --trial n</code>`;
  return html`${trials}${command}`;
}

/** How {@link TranscriptLinks.embedded} names a trial. */
export function transcriptKey(caseId: string, trial: number): string {
  return `${caseId}\u0000${trial}`;
}

/** Every trial, collapsed by default: outcome, scores, tool calls, time and tokens. */
export function resultsTable(report: EvalReport): SafeHtml {
  const passed = report.results.filter((result) => result.passed).length;
  const categories = [
    ...new Set([...metricOrder, ...report.results.flatMap((result) => Object.keys(result.scores))]),
  ];
  return html`<details id="results">
<summary>${report.results.length} results: ${passed} passed, ${report.results.length - passed} failed</summary>
<table>
<thead><tr><th>case</th><th class="num">trial</th><th>kind</th><th>impact</th><th>outcome</th><th>expected</th>${categories.map((category) => html`<th class="score" title="${metricLabel(category)}">${abbreviation(category)}</th>`)}<th>tool calls</th><th class="num">time</th><th class="num">tokens</th></tr></thead>
<tbody>
${report.results.map((result) => resultRow(result, categories))}</tbody>
</table>
</details>`;
}

function resultRow(result: TrialResult, categories: string[]): SafeHtml {
  const scores = categories.map((category) => {
    const score = result.scores[category];
    if (score === undefined) return html`<td class="score">—</td>`;
    return score === 1 ? html`<td class="score ok">✓</td>` : html`<td class="score ko">✗</td>`;
  });
  const calls = result.toolCalls.map(
    (call) => html`<span class="call">${call.toolName} <i>${gateNote(call)}${call.status}</i></span> `,
  );
  return html`<tr class="${result.passed ? "passed" : "failed"}"><td class="case">${caseLabel(result)}</td><td class="num">${result.trial}</td><td>${result.kind}${result.redteam ? " (red team)" : ""}</td><td>${impactBadge(result.impact)}</td><td>${describeOutcome(result.outcome)}</td><td>${result.expectedDecision ?? "—"}</td>${scores}<td>${calls.length > 0 ? calls : "—"}</td><td class="num">${formatDuration(result.durationMs)}</td><td class="num">${formatCount(result.usage.inputTokens + result.usage.outputTokens)}</td></tr>
`;
}

/** The gate's verdict and resolution before the status, when the gate did more than allow: `require-approval → approved · `. */
function gateNote(call: TrialResult["toolCalls"][number]): string {
  if (call.verdict === undefined || call.verdict === "allow") return "";
  const by = call.approval ? ` by ${call.approval.decidedBy}` : "";
  return `${call.verdict} → ${call.resolution ?? "?"}${by} · `;
}

/** `critical` as a coloured badge. */
export function impactBadge(impact: TrialResult["impact"]): SafeHtml {
  return html`<span class="badge impact-${impact}">${impact}</span>`;
}

function describeOutcome(outcome: TrialOutcome): string {
  switch (outcome.type) {
    case "decision":
      return `${outcome.decision.decision}${outcome.draft ? " (draft)" : ""}`;
    case "escalation":
      return `escalation: ${outcome.reason}`;
    case "needs-input":
      return `asked for ${outcome.fields.join(", ")}`;
    case "refusal":
      return `refusal: ${outcome.reason}`;
    case "paused":
      return `paused: ${outcome.toolName} failed`;
    case "error":
      return `error: ${outcome.message}`;
  }
}

const abbreviations: Record<string, string> = {
  taskSuccess: "task",
  toolCorrectness: "tools",
  dataAccuracy: "data",
  policyCompliance: "policy",
  recovery: "recov.",
};

function abbreviation(category: string): string {
  return abbreviations[category] ?? category;
}
