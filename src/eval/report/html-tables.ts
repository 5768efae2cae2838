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

/** Every failed trial, critical first, with the sentence of each failed category. */
export function failuresTable(report: EvalReport): SafeHtml {
  const failed = report.results
    .filter((result) => !result.passed)
    .sort(
      (a, b) =>
        severityRank(a.impact) - severityRank(b.impact) ||
        b.failures.length - a.failures.length ||
        a.caseId.localeCompare(b.caseId) ||
        a.trial - b.trial,
    );
  if (failed.length === 0) return html`<p class="empty">No failures: every trial passed every category.</p>`;
  return html`<table id="failures">
<thead><tr><th>impact</th><th>case</th><th class="num">trial</th><th>kind</th><th>perturbation</th><th>what went wrong</th></tr></thead>
<tbody>
${failed.map(
  (result) =>
    html`<tr><td>${impactBadge(result.impact)}</td><td class="case">${result.caseId}</td><td class="num">${result.trial}</td><td>${result.kind}</td><td>${result.perturbation ?? "—"}</td><td><ul class="sentences">${
      result.failures.length === 0
        ? html`<li>did not pass every category</li>`
        : result.failures.map(
            (f) => html`<li><span class="category">${metricLabel(f.category)}</span> ${f.message}</li>`,
          )
    }</ul></td></tr>
`,
)}</tbody>
</table>`;
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
    (call) => html`<span class="call">${call.toolName} <i>${call.status}</i></span> `,
  );
  return html`<tr class="${result.passed ? "passed" : "failed"}"><td class="case">${caseLabel(result)}</td><td class="num">${result.trial}</td><td>${result.kind}${result.redteam ? " (red team)" : ""}</td><td>${impactBadge(result.impact)}</td><td>${describeOutcome(result.outcome)}</td><td>${result.expectedDecision ?? "—"}</td>${scores}<td>${calls.length > 0 ? calls : "—"}</td><td class="num">${formatDuration(result.durationMs)}</td><td class="num">${formatCount(result.usage.inputTokens + result.usage.outputTokens)}</td></tr>
`;
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
