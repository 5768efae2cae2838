import { html, SafeHtml } from "../eval/report/html-template.js";
import { humanOwnedAgreement, type WeeklyReport } from "./weekly-report.js";

/** SVG numbers: at most two decimals. */
const n = (value: number) => String(Math.round(value * 100) / 100);
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** Horizontal bars (inline SVG), each as long as its value over the largest; labels are escaped text. */
export function barChart(
  id: string,
  title: string,
  rows: readonly { label: string; value: number }[],
): SafeHtml {
  const labelWidth = 260;
  const barWidth = 300;
  const row = 28;
  const width = labelWidth + barWidth + 60;
  const height = rows.length * row + 8;
  const top = Math.max(1, ...rows.map((r) => r.value));
  const bars = rows.map((r, i) => {
    const y = 6 + i * row;
    const label = r.label.length > 40 ? `${r.label.slice(0, 39)}…` : r.label;
    return html`<g>
  <text class="label" x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${label}</text>
  <rect class="bar" x="${labelWidth}" y="${y}" width="${n((r.value / top) * barWidth)}" height="18" rx="3"><title>${r.label}: ${r.value}</title></rect>
  <text class="value" x="${n(labelWidth + (r.value / top) * barWidth + 6)}" y="${y + 14}">${r.value}</text>
</g>`;
  });
  return html`<svg id="${id}" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}">
${bars}
</svg>`;
}

const runList = (ids: readonly string[]) => (ids.length === 0 ? "—" : ids.join(", "));

const css = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:76rem;color:#1f2328}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
.chart .label,.chart .value{font-size:12px;fill:#1f2328}.chart .bar{fill:#cf222e}.empty{font-weight:600}`;

/**
 * The weekly report as one self-contained HTML page: inline CSS and SVG, no script, no external resource. Every piece
 * of text from the store or the files is escaped (`html` escapes every value that is not already markup).
 */
export function weeklyHtml(report: WeeklyReport): string {
  const { since, until } = report.period;
  const c = report.counts;
  const body = report.empty
    ? html`<p class="empty" id="empty">Nothing was recorded in this period: no runs, reviews, evals or workflow events in the store, and no shadow report given. This is not a clean week: there is nothing to judge it by.</p>`
    : html`<p>From ${c.runs} runs, ${c.reviews} reviews, ${c.evals} evals (${c.evalTrials} trials), ${c.workflowEvents} workflow events and ${c.shadowReports} shadow reports.</p>
${failures(report)}
${clusters(report)}
${sources(report)}
${humanOwned(report)}
${killSwitch(report)}
${autonomy(report)}`;
  return `<!doctype html>
${
  html`<html lang="en"><head><meta charset="utf-8"><title>Weekly report: ${since} to ${until}</title>
<style>${new SafeHtml(css)}</style>
</head><body>
<h1>Weekly report: ${since} to ${until}</h1>
${body}
</body></html>`.value
}
`;
}

function failures(report: WeeklyReport): SafeHtml {
  const rows = report.topFailures;
  return html`<section id="top-failures"><h2>Top failures by impact</h2>
<p>Ranked by Σ impact weight (low 1, medium 2, high 4, critical 8) over the occurrences, not by count.</p>
${
  rows.length === 0
    ? html`<p>No failure recorded: no failed eval trial, no edited or rejected review, no run ended in error.</p>`
    : html`${barChart(
        "failures-chart",
        "Failures by impact weight",
        rows.slice(0, 10).map((f) => ({ label: f.label, value: f.weight })),
      )}
<table><tr><th>#</th><th>failure</th><th>impact</th><th>occurrences</th><th>weight</th><th>example runs</th><th>detail</th></tr>
${rows.map((f, i) => html`<tr><td>${i + 1}</td><td>${f.label}</td><td>${f.impact}</td><td>${f.occurrences}</td><td>${f.weight}</td><td>${runList(f.exampleRuns)}</td><td>${f.detail ?? "—"}</td></tr>\n`)}</table>`
}</section>`;
}

function clusters(report: WeeklyReport): SafeHtml {
  const rows = report.clusters;
  return html`<section id="repeated-mistakes"><h2>Repeated mistakes</h2>
<p>Reviewed runs (latest verdict, not approved) by error type × root cause.</p>
${
  rows.length === 0
    ? html`<p>No reviewed mistake names an error type or root cause in this period.</p>`
    : html`${barChart(
        "clusters-chart",
        "Mistakes by error type and root cause",
        rows.map((r) => ({ label: `${r.errorType} × ${r.rootCause}`, value: r.count })),
      )}
<table><tr><th>error type</th><th>root cause</th><th>runs</th><th>example runs</th></tr>
${rows.map((r) => html`<tr><td>${r.errorType}</td><td>${r.rootCause}</td><td>${r.count}</td><td>${runList(r.exampleRuns)}</td></tr>\n`)}</table>`
}</section>`;
}

function sources(report: WeeklyReport): SafeHtml {
  return html`<section id="error-sources"><h2>Where the errors came from</h2>
<p>Root causes: data → missing data; prompt, unclear_policy → unclear instructions; missing_tool → tool changes; model_limitation → model limits. Failed eval cases count as tool changes when the eval's tool versions differ from its suite's previous eval.</p>
${barChart(
  "sources-chart",
  "Errors by source",
  report.errorSources.map((r) => ({ label: r.source, value: r.reviews + r.evalCases })),
)}
<table><tr><th>source</th><th>reviewed runs</th><th>failed eval cases</th><th>example runs</th></tr>
${report.errorSources.map((r) => html`<tr><td>${r.source}</td><td>${r.reviews}</td><td>${r.evalCases}</td><td>${runList(r.exampleRuns)}</td></tr>\n`)}</table>
${report.toolChanges.map((t) => html`<p>Tool change: eval ${t.evalId} of ${t.suite} after ${t.previousEvalId} changed ${t.tools.join(", ")}; failed cases: ${t.failedCases.length === 0 ? "none" : t.failedCases.join(", ")}.</p>\n`)}
</section>`;
}

function humanOwned(report: WeeklyReport): SafeHtml {
  const rows = report.humanOwned;
  const content =
    report.counts.shadowReports === 0
      ? html`<p>No shadow report given (--shadow): there is no measured agreement to say which tasks can leave human hands.</p>`
      : rows.length === 0
        ? html`<p>None: no task of high or critical impact has a shadow agreement whose Wilson lower bound is below ${percent(humanOwnedAgreement)}.</p>`
        : html`<p>High or critical impact, and shadow agreement's 95 % Wilson lower bound below ${percent(humanOwnedAgreement)} (*: the charter as a whole).</p>
<table><tr><th>charter</th><th>task</th><th>decisions</th><th>agreed</th><th>Wilson lower</th><th>highest impact</th><th>shadow report</th></tr>
${rows.map((t) => html`<tr><td>${t.charter}</td><td>${t.task}</td><td>${t.n}</td><td>${t.agreed}</td><td>${percent(t.wilsonLower)}</td><td>${t.impact}</td><td>${t.file}</td></tr>\n`)}</table>`;
  return html`<section id="human-owned"><h2>Tasks that should stay human-owned</h2>
${content}</section>`;
}

function killSwitch(report: WeeklyReport): SafeHtml {
  const rows = report.killSwitch;
  return html`<section id="kill-switch"><h2>Kill-switch events</h2>
${
  rows.length === 0
    ? html`<p>No workflow was paused, flagged or resumed in this period.</p>`
    : html`<table><tr><th>at</th><th>workflow</th><th>event</th><th>detail</th></tr>
${rows.map((e) => html`<tr><td>${e.at}</td><td>${e.charter}</td><td>${e.type}</td><td>${e.detail}</td></tr>\n`)}</table>`
}</section>`;
}

function autonomy(report: WeeklyReport): SafeHtml {
  const { charters, certificates } = report.autonomy;
  return html`<section id="autonomy"><h2>Autonomy changes</h2>
${
  charters.length === 0
    ? html`<p>No run in this period, so no autonomy level was seen.</p>`
    : html`<table><tr><th>workflow</th><th>autonomy level</th><th>runs</th><th>first</th><th>last</th><th>changed</th></tr>
${charters.flatMap((seen) => seen.levels.map((l) => html`<tr><td>${seen.charter}</td><td>${l.level}</td><td>${l.runs}</td><td>${l.first}</td><td>${l.last}</td><td>${seen.changed ? "yes" : "no"}</td></tr>\n`))}</table>`
}
${
  certificates.length === 0
    ? html`<p>No autonomy certificate was recorded in this period.</p>`
    : html`<table><tr><th>at</th><th>workflow</th><th>event</th><th>detail</th></tr>
${certificates.map((e) => html`<tr><td>${e.at}</td><td>${e.charter}</td><td>${e.type}</td><td>${e.detail}</td></tr>\n`)}</table>`
}</section>`;
}
