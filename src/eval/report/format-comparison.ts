import type { ReportComparison } from "./compare-reports.js";
import { type VersionComparison, versionWarning } from "./compare-versions.js";
import { caseLabel, formatPercent, formatPointDelta, metricLabel } from "./report-labels.js";
import { formatTable } from "./text-table.js";

/**
 * A comparison as terminal text: regressions first (critical first), then improvements, then the aggregate
 * metrics and pass^k, then the cases only one report has, then what changed between the two evals (with a warning
 * when more than one thing did).
 */
export function formatComparison(comparison: ReportComparison): string {
  const { regressions, improvements, added, removed } = comparison;
  const sections: string[][] = [
    changes(
      `Regressions (${regressions.length})`,
      regressions,
      "No regressions: no case's rate fell in any category.",
    ),
    changes(`Improvements (${improvements.length})`, improvements, "No improvements."),
    aggregates(comparison),
  ];
  if (added.length > 0) sections.push([`Only in the second report (${added.length}): ${added.join(", ")}`]);
  if (removed.length > 0)
    sections.push([`Only in the first report (${removed.length}): ${removed.join(", ")}`]);
  sections.push(versionLines(comparison.versions));
  return sections.map((lines) => lines.join("\n")).join("\n\n");
}

function changes(heading: string, list: ReportComparison["regressions"], none: string): string[] {
  if (list.length === 0) return [none];
  return [
    heading,
    ...formatTable(
      list.map((change) => [
        change.impact,
        caseLabel(change),
        metricLabel(change.metric),
        formatPercent(change.before),
        "→",
        formatPercent(change.after),
      ]),
      { textColumns: 3 },
    ),
  ];
}

function aggregates({ metrics, passHatK }: ReportComparison): string[] {
  const percent = (share: number | null) => (share === null ? "—" : formatPercent(share));
  const delta = (change: number | null) => (change === null ? "—" : formatPointDelta(change));
  return formatTable(
    [
      ["Metrics", "before", "after", "change"],
      ...metrics.map((m) => [
        `  ${metricLabel(m.metric)}`,
        percent(m.before),
        percent(m.after),
        delta(m.delta),
      ]),
      ...passHatK.map((p) => [`  pass^${p.k}`, percent(p.before), percent(p.after), delta(p.delta)]),
    ],
    { indent: "" },
  );
}

function versionLines(versions: VersionComparison): string[] {
  if (!versions.known) {
    const which =
      versions.unknownIn.length === 2
        ? "neither report records them"
        : `the ${versions.unknownIn[0] === "before" ? "first" : "second"} report does not record them`;
    return [`Versions unknown: ${which} (written before reports recorded versions, schemaVersion 1)`];
  }
  const { changed } = versions;
  if (changed.length === 0)
    return ["Versions: nothing changed (charter, instructions, tool cards, policies, model, dataset)"];
  const warning = versionWarning(versions);
  return [
    `Versions changed (${changed.length}): ${changed.map((c) => c.label).join(", ")}`,
    ...(warning ? [warning] : []),
  ];
}
