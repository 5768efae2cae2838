import { escapeMarkup } from "../eval/report/escape-markup.js";
import { type ShadowReport, thresholdTarget } from "./shadow-report.js";

const percent = (value: number | null): string => (value === null ? "—" : `${(value * 100).toFixed(1)} %`);
const number = (value: number | null): string => (value === null ? "—" : value.toFixed(3));

/**
 * The shadow report as one self-contained HTML page (no script, no external resource). Every piece of text from the
 * report (class names, ids, the file name) is escaped.
 */
export function shadowHtml(report: ShadowReport): string {
  const e = escapeMarkup;
  const head = report.classes.map((name) => `<th>${e(name)}</th>`).join("");
  const matrix = report.classes
    .map(
      (human) =>
        `<tr><th>${e(human)}</th>${report.classes
          .map((agent) => {
            const count = report.confusion[human]?.[agent] ?? 0;
            return `<td class="${human === agent ? "hit" : count > 0 ? "miss" : ""}">${count}</td>`;
          })
          .join("")}</tr>`,
    )
    .join("\n");
  const perClass = report.classes
    .map((name) => {
      const score = report.perClass[name];
      return `<tr><td>${e(name)}</td><td>${score?.support ?? 0}</td><td>${score?.predicted ?? 0}</td><td>${percent(score?.precision ?? null)}</td><td>${percent(score?.recall ?? null)}</td></tr>`;
    })
    .join("\n");
  const disagreements = report.disagreements
    .map(
      (item) =>
        `<tr><td>${e(item.impact)}</td><td>${e(item.id)}</td><td>${e(item.humanClass)}</td><td>${e(item.agentClass)}</td><td>${number(item.confidence)}</td><td>${e(item.runId)}</td></tr>`,
    )
    .join("\n");
  const buckets = report.byConfidence.buckets
    .map(
      (bucket) =>
        `<tr><td>[${bucket.lower}, ${bucket.upper}${bucket.upper === 1 ? "]" : ")"}</td><td>${bucket.n}</td><td>${percent(bucket.agreement)}</td><td>${percent(bucket.wilsonLower)}</td></tr>`,
    )
    .join("\n");
  const threshold = report.byConfidence.recommendedThreshold;
  const critical = report.criticalMisses;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shadow comparison: ${e(report.charter.name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}.hit{background:#e6f4ea}.miss{background:#fdecea}</style>
</head><body>
<h1>Shadow comparison: ${e(report.charter.name)} v${e(report.charter.version)}</h1>
<p>Human decisions: ${e(report.source)}</p>
<ul>
<li>Decisions compared: ${report.n}; agreed: ${report.agreed} (${percent(report.agreement)}, 95 % Wilson lower bound ${percent(report.agreementWilsonLower)})</li>
<li>Cohen's κ: ${number(report.kappa)}</li>
<li>Impact-weighted disagreement: ${percent(report.impactWeightedDisagreement.rate)} (${report.impactWeightedDisagreement.disagreedWeight} of ${report.impactWeightedDisagreement.totalWeight}; weights low 1, medium 2, high 4, critical 8)</li>
<li>Critical misses: ${critical.count} of ${critical.critical}${critical.ids.length > 0 ? ` (${critical.ids.map(e).join(", ")})` : ""}${critical.rateUpperBound === null ? "" : `; miss rate below ${percent(critical.rateUpperBound)} at 95 % (rule of three)`}</li>
<li>Recommended confidence threshold (agreement's lower bound ≥ ${percent(report.byConfidence.recommendedThreshold?.target ?? 0.95)}): ${threshold === null ? "none yet: not enough agreeing decisions" : `${threshold.threshold} (${threshold.n} decisions, coverage ${percent(threshold.coverage)})`}; the charter's is ${report.byConfidence.charterThreshold}</li>
</ul>
<h2>Confusion (rows: human, columns: agent)</h2>
<table><tr><th></th>${head}</tr>
${matrix}</table>
<h2>Per class</h2>
<table><tr><th>class</th><th>human</th><th>agent</th><th>precision</th><th>recall</th></tr>
${perClass}</table>
<h2>Disagreements to look at first</h2>
<table><tr><th>impact</th><th>id</th><th>human</th><th>agent</th><th>confidence</th><th>run</th></tr>
${disagreements}</table>
<h2>Agreement by confidence</h2>
<table><tr><th>confidence</th><th>decisions</th><th>agreement</th><th>Wilson lower</th></tr>
${buckets}</table>
</body></html>
`;
}

/** The terminal summary: a few lines, the disagreements to look at first among them (at most `limit`). */
export function shadowSummary(report: ShadowReport, limit = 10): string[] {
  const critical = report.criticalMisses;
  const threshold = report.byConfidence.recommendedThreshold;
  const lines = [
    `shadow ${report.charter.name} v${report.charter.version}: ${report.n} decisions, ${report.agreed} agreed (${percent(report.agreement)}, Wilson lower ${percent(report.agreementWilsonLower)}), κ ${number(report.kappa)}`,
    `impact-weighted disagreement ${percent(report.impactWeightedDisagreement.rate)}; critical misses ${critical.count} of ${critical.critical}${critical.ids.length > 0 ? ` (${critical.ids.join(", ")})` : ""}${critical.rateUpperBound === null ? "" : `, rate < ${percent(critical.rateUpperBound)} (95 %)`}`,
    threshold === null
      ? `confidence threshold: none reaches ${percent(thresholdTarget)} agreement yet (charter: ${report.byConfidence.charterThreshold})`
      : `confidence threshold: ${threshold.threshold} (${threshold.n} decisions, ${percent(threshold.agreement)} agreed, coverage ${percent(threshold.coverage)}; charter: ${report.byConfidence.charterThreshold})`,
  ];
  if (report.disagreements.length > 0) {
    lines.push(`disagreements (${report.disagreements.length}), look at first:`);
    for (const item of report.disagreements.slice(0, limit))
      lines.push(
        `  ${item.impact.padEnd(8)} ${item.id}: human ${item.humanClass}, agent ${item.agentClass}${item.confidence === null ? "" : ` (${item.confidence})`}  run ${item.runId}`,
      );
    if (report.disagreements.length > limit)
      lines.push(`  … ${report.disagreements.length - limit} more in the JSON report`);
  }
  return lines;
}
