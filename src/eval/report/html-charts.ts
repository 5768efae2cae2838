import type { EvalReport } from "../report.js";
import { html, type SafeHtml } from "./html-template.js";
import {
  failedChecks,
  formatMetric,
  formatPercent,
  metricLabel,
  metricOrder,
  passHatKRows,
} from "./report-labels.js";

/** A share's colour class: good from 90 %, fair from 70 %, poor below. */
export function tone(share: number): "good" | "fair" | "poor" {
  return share >= 0.9 ? "good" : share >= 0.7 ? "fair" : "poor";
}

/** SVG numbers: at most two decimals, no trailing zeros. */
const n = (value: number) => String(Math.round(value * 100) / 100);

/**
 * The five categories as horizontal bars (SVG), with a tick at each category's threshold when one was checked. A
 * bar whose threshold failed is drawn poor whatever its share (97.97 % is not good when 98 % is required).
 */
export function metricsChart(report: EvalReport): SafeHtml {
  const labelWidth = 150;
  const barWidth = 300;
  const row = 34;
  const width = labelWidth + barWidth + 64;
  const height = metricOrder.length * row + 8;
  const bars = metricOrder.map((metric, i) => {
    const share = report.metrics[metric];
    const y = 8 + i * row;
    const required = report.thresholds.checks.find((check) => check.metric === metric)?.required;
    const shade = failedChecks(report, metric).length > 0 ? "poor" : tone(share);
    const shown = formatMetric(report, metric, share);
    const tick =
      required === undefined
        ? ""
        : html`<line class="threshold" x1="${n(labelWidth + required * barWidth)}" x2="${n(labelWidth + required * barWidth)}" y1="${y - 4}" y2="${y + 24}"><title>threshold ${formatPercent(required)}</title></line>`;
    return html`<g>
  <text class="label" x="${labelWidth - 10}" y="${y + 15}" text-anchor="end">${metricLabel(metric)}</text>
  <rect class="track" x="${labelWidth}" y="${y}" width="${barWidth}" height="20" rx="4"/>
  <rect class="bar ${shade}" x="${labelWidth}" y="${y}" width="${n(share * barWidth)}" height="20" rx="4"><title>${metricLabel(metric)}: ${shown}</title></rect>
  ${tick}
  <text class="value" x="${labelWidth + barWidth + 8}" y="${y + 15}">${shown}</text>
</g>`;
  });
  return html`<svg id="metrics-chart" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Scores by category">
${bars}
</svg>`;
}

/** pass^k for k = 1 … trials as vertical bars (SVG): how reliability falls as more trials must all succeed. */
export function passHatKChart(report: EvalReport): SafeHtml {
  const rows = passHatKRows(report.passHatK);
  const width = 460;
  const plotHeight = 150;
  const left = 44;
  const top = 20;
  const height = top + plotHeight + 26;
  const slot = (width - left - 8) / Math.max(1, rows.length);
  const barWidth = Math.min(64, slot * 0.6);
  const y = (share: number) => n(top + (1 - share) * plotHeight);
  const grid = [0, 0.5, 1].map(
    (share) =>
      html`<line class="grid" x1="${left}" x2="${width - 4}" y1="${y(share)}" y2="${y(share)}"/><text class="axis" x="${left - 8}" y="${n(top + (1 - share) * plotHeight + 4)}" text-anchor="end">${share * 100}%</text>`,
  );
  const bars = rows.map(([k, share], i) => {
    const center = left + slot * (i + 0.5);
    return html`<g>
  <rect class="bar ${tone(share)}" x="${n(center - barWidth / 2)}" y="${y(share)}" width="${n(barWidth)}" height="${n(share * plotHeight)}" rx="3"><title>pass^${k}: ${formatPercent(share)}</title></rect>
  <text class="value" x="${n(center)}" y="${n(top + (1 - share) * plotHeight - 6)}" text-anchor="middle">${formatPercent(share)}</text>
  <text class="axis" x="${n(center)}" y="${top + plotHeight + 18}" text-anchor="middle">k = ${k}</text>
</g>`;
  });
  return html`<svg id="passk-chart" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="pass^k by k">
${grid}
${bars}
</svg>`;
}

/** A small inline bar for table cells, with the percentage beside it. */
export function miniBar(share: number): SafeHtml {
  return html`<span class="mini"><span class="mini-track"><span class="mini-fill ${tone(share)}" style="width:${n(share * 100)}%"></span></span>${formatPercent(share)}</span>`;
}
