import type { EvalReport } from "../report.js";
import { miniBar } from "./html-charts.js";
import { html, type SafeHtml } from "./html-template.js";
import { perturbationLegend, perturbationSummaries } from "./perturbation-rows.js";

/**
 * The requested perturbations as a section: derived, applied and not applicable per perturbation, the pass rate
 * over the applied ones, and the reasons it did not apply, grouped with their counts. Empty without perturbations.
 */
export function perturbationsSection(report: EvalReport): SafeHtml | "" {
  const rows = perturbationSummaries(report);
  if (rows.length === 0) return "";
  return html`<section class="card" id="perturbations"><h2>Perturbations</h2><p class="muted">${perturbationLegend}.</p><div class="table-wrap"><table id="perturbation-applicability">
<thead><tr><th>perturbation</th><th class="num">derived</th><th class="num">applied</th><th class="num">not applicable</th><th>pass rate (applied)</th><th>why not applicable</th></tr></thead>
<tbody>
${rows.map(
  ([name, p]) =>
    html`<tr><th scope="row">${name}</th><td class="num">${p.derived}</td><td class="num">${p.applied}</td><td class="num">${p.notApplicable}</td><td>${p.passRate === null ? html`<span class="muted">— none applied</span>` : miniBar(p.passRate)}</td><td>${
      p.reasons.length === 0
        ? "—"
        : html`<ul class="sentences">${p.reasons.map((r) => html`<li><b>${r.cases}</b> ${r.reason}</li>`)}</ul>`
    }</td></tr>
`,
)}</tbody>
</table></div></section>`;
}
