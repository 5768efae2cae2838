// reins/report: reading, comparing and rendering evaluation reports. Everything exported is listed by name.

export type { Breakdown, Metrics, PerturbationSummary, ThresholdCheck } from "../report.js";
export type { CaseChange, MetricChange, ReportComparison } from "./compare-reports.js";
export { compareReports } from "./compare-reports.js";
export { formatComparison } from "./format-comparison.js";
export type { FormatSummaryOptions } from "./format-summary.js";
export { formatSummary } from "./format-summary.js";
export { parseReport, readReport } from "./read-report.js";
export { toHtml } from "./to-html.js";
export { toJUnitXml } from "./to-junit.js";
