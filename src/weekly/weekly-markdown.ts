import { escapeMarkup } from "../eval/report/escape-markup.js";
import { humanOwnedAgreement, type WeeklyReport } from "./weekly-report.js";

/**
 * Text from the store (notes, ids, reasons) as inert markdown: on one line, markdown's special characters escaped,
 * and `<`, `>`, `&` as entities, so that a renderer that allows raw HTML shows `<script>` as text.
 */
export function markdownText(text: string): string {
  return escapeMarkup(text.replace(/[\\`*_[\]|#]/g, (char) => `\\${char}`)).replace(/[\r\n\t]+/g, " ");
}

const m = markdownText;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const runs = (ids: readonly string[]) => (ids.length === 0 ? "—" : ids.map(markdownText).join(", "));

/** The weekly report as markdown. An empty period says so, and nothing else. */
export function weeklyMarkdown(report: WeeklyReport): string {
  const { since, until } = report.period;
  const c = report.counts;
  const lines = [`# Weekly report: ${since} to ${until}`, ""];
  if (report.empty) {
    lines.push(
      "**Nothing was recorded in this period**: no runs, reviews, evals or workflow events in the store, and no shadow report given. This is not a clean week: there is nothing to judge it by.",
      "",
    );
    return lines.join("\n");
  }
  lines.push(
    `From ${c.runs} runs, ${c.reviews} reviews, ${c.evals} evals (${c.evalTrials} trials), ${c.workflowEvents} workflow events and ${c.shadowReports} shadow reports.`,
    "",
    "## Top failures by impact",
    "",
    "Ranked by Σ impact weight (low 1, medium 2, high 4, critical 8) over the occurrences, not by count.",
    "",
  );
  if (report.topFailures.length === 0)
    lines.push(
      `No failure recorded: no failed eval trial, no edited or rejected review, no run ended in error.`,
    );
  else {
    lines.push(
      "| # | failure | impact | occurrences | weight | example runs | detail |",
      "|---|---|---|---|---|---|---|",
    );
    report.topFailures.forEach((f, i) => {
      lines.push(
        `| ${i + 1} | ${m(f.label)} | ${f.impact} | ${f.occurrences} | ${f.weight} | ${runs(f.exampleRuns)} | ${f.detail === null ? "—" : m(f.detail)} |`,
      );
    });
  }
  lines.push(
    "",
    "## Repeated mistakes",
    "",
    "Reviewed runs (latest verdict, not approved) by error type × root cause.",
    "",
  );
  if (report.clusters.length === 0)
    lines.push("No reviewed mistake names an error type or root cause in this period.");
  else {
    lines.push("| error type | root cause | runs | repeated | example runs |", "|---|---|---|---|---|");
    for (const cl of report.clusters)
      lines.push(
        `| ${m(cl.errorType)} | ${m(cl.rootCause)} | ${cl.count} | ${cl.count > 1 ? "yes" : "no"} | ${runs(cl.exampleRuns)} |`,
      );
  }
  lines.push(
    "",
    "## Where the errors came from",
    "",
    "Root causes: data → missing data; prompt, unclear_policy → unclear instructions; missing_tool → tool changes; model_limitation → model limits. Failed eval cases count as tool changes when the eval's tool versions differ from its suite's previous eval.",
    "",
    "| source | reviewed runs | failed eval cases | example runs |",
    "|---|---|---|---|",
  );
  for (const row of report.errorSources)
    lines.push(`| ${row.source} | ${row.reviews} | ${row.evalCases} | ${runs(row.exampleRuns)} |`);
  for (const change of report.toolChanges)
    lines.push(
      "",
      `Tool change: eval \`${m(change.evalId)}\` of ${m(change.suite)} after \`${m(change.previousEvalId)}\` changed ${change.tools.map(m).join(", ")}; failed cases: ${change.failedCases.length === 0 ? "none" : change.failedCases.map(m).join(", ")}.`,
    );
  lines.push("", "## Tasks that should stay human-owned", "");
  if (report.counts.shadowReports === 0)
    lines.push(
      "No shadow report given (`--shadow`): there is no measured agreement to say which tasks can leave human hands.",
    );
  else if (report.humanOwned.length === 0)
    lines.push(
      `None: no task of high or critical impact has a shadow agreement whose Wilson lower bound is below ${percent(humanOwnedAgreement)}.`,
    );
  else {
    lines.push(
      `High or critical impact, and shadow agreement's 95 % Wilson lower bound below ${percent(humanOwnedAgreement)} (\`*\`: the charter as a whole).`,
      "",
      "| charter | task | decisions | agreed | Wilson lower | highest impact | shadow report |",
      "|---|---|---|---|---|---|---|",
    );
    for (const t of report.humanOwned)
      lines.push(
        `| ${m(t.charter)} | ${m(t.task)} | ${t.n} | ${t.agreed} | ${percent(t.wilsonLower)} | ${t.impact} | ${m(t.file)} |`,
      );
  }
  lines.push("", "## Kill-switch events", "");
  if (report.killSwitch.length === 0)
    lines.push("No workflow was paused, flagged or resumed in this period.");
  else {
    lines.push("| at | workflow | event | detail |", "|---|---|---|---|");
    for (const e of report.killSwitch)
      lines.push(`| ${e.at} | ${m(e.charter)} | ${e.type} | ${m(e.detail)} |`);
  }
  lines.push("", "## Autonomy changes", "");
  if (report.autonomy.charters.length === 0)
    lines.push("No run in this period, so no autonomy level was seen.");
  else {
    lines.push("| workflow | autonomy level | runs | first | last | changed |", "|---|---|---|---|---|---|");
    for (const seen of report.autonomy.charters)
      for (const level of seen.levels)
        lines.push(
          `| ${m(seen.charter)} | ${m(level.level)} | ${level.runs} | ${level.first} | ${level.last} | ${seen.changed ? "yes" : "no"} |`,
        );
  }
  lines.push("");
  if (report.autonomy.certificates.length === 0)
    lines.push("No autonomy certificate was recorded in this period.");
  else {
    lines.push("Autonomy events:", "", "| at | workflow | event | detail |", "|---|---|---|---|");
    for (const e of report.autonomy.certificates)
      lines.push(`| ${e.at} | ${m(e.charter)} | ${m(e.type)} | ${m(e.detail)} |`);
  }
  lines.push("");
  return lines.join("\n");
}
