import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { ValidationError, type ValidationIssue } from "../../errors/validation-error.js";
import { locateZodIssues, parseJsonLocatedLazily } from "../../files/located-document.js";
import { readUserFile } from "../../files/read-user-file.js";
import type { EvalReport } from "../report.js";
import { evalReportSchema } from "./report-schema.js";

/** The schema versions this reins reads: 1 (before `versions`) and 2. */
const supportedVersions: readonly unknown[] = [1, 2];

/** Schema problems listed before the rest are summarised: a report of the wrong shape has one per result. */
const maxIssues = 20;

/**
 * Reads an eval report (the JSON of a report `evaluate` returned) and checks it against the report schema.
 * A missing file, a syntax error, an unknown `schemaVersion` or a field of the wrong shape is thrown as a
 * `UserError` (a `ValidationError` listing every problem, with line and column, for the last two).
 */
export async function readReport(path: string): Promise<EvalReport> {
  const text = await readUserFile(path, {
    what: "eval report",
    hint: "an eval report is the JSON of the report `evaluate` returns",
  });
  return parseReport(text, path);
}

/** Checks the text of an eval report (JSON, or YAML); `file` names it in errors. See `readReport`. */
export function parseReport(text: string, file: string): EvalReport {
  const doc = parseJsonLocatedLazily(text, file);
  const { value } = doc;

  if (isRecord(value) && "schemaVersion" in value && !supportedVersions.includes(value.schemaVersion)) {
    throw new UserError({
      code: ErrorCode.ReportInvalid,
      message: `this reins reads eval reports of schemaVersion 1 and 2, not ${JSON.stringify(value.schemaVersion)}`,
      ...doc.locate(["schemaVersion"]),
      hint: "read it with the reins version that wrote it, or run the eval again with this one",
    });
  }

  const parsed = evalReportSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = locateZodIssues(parsed.error.issues, doc);
  const shown: ValidationIssue[] = issues.slice(0, maxIssues);
  if (issues.length > maxIssues)
    shown.push({ file, message: `… and ${issues.length - maxIssues} more problems` });
  throw new ValidationError({
    code: ErrorCode.ReportInvalid,
    issues: shown,
    hint: "this file is not the JSON of a report `evaluate` returned, or it was edited by hand",
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
