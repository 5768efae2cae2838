import type { Command } from "commander";
import { readUserFile } from "../../files/read-user-file.js";
import { checkWritable, writeUserFile } from "../../files/write-user-file.js";
import { terminalText } from "../../text/terminal-text.js";
import { collectWeeklyInputs } from "../../weekly/collect-inputs.js";
import { reportPeriod } from "../../weekly/period.js";
import { parseShadowReport, type WeeklyShadowReport } from "../../weekly/read-shadow-report.js";
import { weeklyHtml } from "../../weekly/weekly-html.js";
import { weeklyMarkdown } from "../../weekly/weekly-markdown.js";
import { buildWeeklyReport } from "../../weekly/weekly-report.js";
import { withStoreToRead } from "../cli-store.js";
import type { Io } from "../io.js";

interface WeeklyFlags {
  since?: string;
  until?: string;
  shadow?: string[];
  out?: string;
  html?: string;
  store?: string;
}

export function registerReport(program: Command, io: Io): void {
  const report = program.command("report").description("reports over what the store recorded");
  report
    .command("weekly")
    .description(
      "the week's failures by impact, repeated mistakes, where errors came from, tasks to keep human-owned, kill-switch events and autonomy changes",
    )
    .option(
      "--since <date>",
      "start of the period, ISO-8601 (2026-11-24 or 2026-11-24T09:00:00Z); default 7 days before --until",
    )
    .option("--until <date>", "end of the period, excluded (a date alone includes that day); default now")
    .option("--shadow <files...>", "shadow reports (the JSON of reins shadow --out) to judge agreement by")
    .option("--out <file>", "write the markdown there instead of printing it")
    .option("--html <file>", "write the report as one self-contained HTML page with charts there")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (flags: WeeklyFlags) => {
      // Every flag and file is checked before the store is read.
      const period = reportPeriod({ ...flags, now: new Date() });
      const shadowReports: WeeklyShadowReport[] = [];
      for (const file of flags.shadow ?? [])
        shadowReports.push(parseShadowReport(await readUserFile(file, { what: "shadow report" }), file));
      if (flags.out) checkWritable(flags.out, { what: "weekly report", flag: "--out" });
      if (flags.html) checkWritable(flags.html, { what: "HTML report", flag: "--html" });
      const weekly = await withStoreToRead(
        { ...(flags.store ? { store: flags.store } : {}) },
        async ({ store }) => buildWeeklyReport(await collectWeeklyInputs(store, period, shadowReports)),
      );
      const markdown = weeklyMarkdown(weekly);
      if (flags.out) writeUserFile(flags.out, markdown, { what: "weekly report", flag: "--out" });
      else for (const line of markdown.trimEnd().split("\n")) io.out(terminalText(line));
      if (flags.html) writeUserFile(flags.html, weeklyHtml(weekly), { what: "HTML report", flag: "--html" });
      if (flags.out) io.out(`weekly report: ${terminalText(flags.out)}`);
      if (flags.html) io.out(`HTML report: ${terminalText(flags.html)}`);
    });
}
