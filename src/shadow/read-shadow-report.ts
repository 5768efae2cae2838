import { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { locateZodIssues, parseJsonLocatedLazily } from "../files/located-document.js";

/** What the readers of a `reins shadow --out` report (schemaVersion 1) rely on; other fields are kept as they are. */
const shadowReportFile = z.looseObject({
  schemaVersion: z.literal(1),
  charter: z.object({ name: z.string(), version: z.string() }),
  n: z.number().int().nonnegative(),
  agreed: z.number().int().nonnegative().optional(),
  agreementWilsonLower: z.number().min(0).max(1).optional(),
  items: z.array(
    z.looseObject({
      id: z.string(),
      runId: z.string(),
      impact: z.enum(["low", "medium", "high", "critical"]),
      humanClass: z.string(),
      agentClass: z.string(),
      agree: z.boolean(),
    }),
  ),
});

/** A shadow report as read back from its file: what the autonomy check and the weekly report read of it. */
export interface ShadowReportFile {
  schemaVersion: 1;
  charter: { name: string; version: string };
  n: number;
  items: {
    id: string;
    runId: string;
    impact: "low" | "medium" | "high" | "critical";
    humanClass: string;
    agentClass: string;
    agree: boolean;
  }[];
}

const maxIssues = 20;

/** Checks the text of a shadow report; every problem is located (line, column, field) in `file`. */
export function parseShadowReportFile(text: string, file: string): ShadowReportFile {
  const doc = parseJsonLocatedLazily(text, file);
  const parsed = shadowReportFile.safeParse(doc.value);
  if (parsed.success) return parsed.data;
  const issues = locateZodIssues(parsed.error.issues, doc);
  if (issues.length === 0)
    throw new UserError({ code: ErrorCode.ReportInvalid, message: "not a shadow report", file });
  const shown = issues.slice(0, maxIssues);
  if (issues.length > maxIssues)
    shown.push({ file, message: `… and ${issues.length - maxIssues} more problems` });
  throw new ValidationError({
    code: ErrorCode.ReportInvalid,
    issues: shown,
    hint: "pass the JSON report `reins shadow --out` wrote (schemaVersion 1): `reins shadow <workflow> --human <file> --out <report.json>`",
  });
}
