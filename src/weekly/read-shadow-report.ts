import { parseShadowReportFile, type ShadowReportFile } from "../shadow/read-shadow-report.js";

/** A shadow report as the weekly report reads it: the report, and the file it came from. */
export type WeeklyShadowReport = ShadowReportFile & {
  /** The file it was read from. */
  file: string;
};

/** Checks the text of a shadow report (see `parseShadowReportFile`) and notes the file it came from. */
export function parseShadowReport(text: string, file: string): WeeklyShadowReport {
  return { ...parseShadowReportFile(text, file), file };
}
