import { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { locateZodIssues, parseJsonLocatedLazily } from "../files/located-document.js";

/** What the weekly report reads of a shadow report (`reins shadow --out`, schemaVersion 1): the rest is ignored. */
export interface WeeklyShadowReport {
  /** The file it was read from. */
  file: string;
  charter: { name: string; version: string };
  n: number;
  agreed: number;
  agreementWilsonLower: number;
  items: {
    id: string;
    runId: string;
    impact: "low" | "medium" | "high" | "critical";
    humanClass: string;
    agree: boolean;
  }[];
}

const shadowSchema = z.object({
  schemaVersion: z.literal(1),
  charter: z.object({ name: z.string(), version: z.string() }),
  n: z.number().int().nonnegative(),
  agreed: z.number().int().nonnegative(),
  agreementWilsonLower: z.number().min(0).max(1),
  items: z.array(
    z.object({
      id: z.string(),
      runId: z.string(),
      impact: z.enum(["low", "medium", "high", "critical"]),
      humanClass: z.string(),
      agree: z.boolean(),
    }),
  ),
});

const maxIssues = 20;

/** Checks the text of a shadow report; every problem is located (line, column, field) in `file`. */
export function parseShadowReport(text: string, file: string): WeeklyShadowReport {
  const doc = parseJsonLocatedLazily(text, file);
  const parsed = shadowSchema.safeParse(doc.value);
  if (parsed.success) {
    const { charter, n, agreed, agreementWilsonLower, items } = parsed.data;
    return { file, charter, n, agreed, agreementWilsonLower, items };
  }
  const issues = locateZodIssues(parsed.error.issues, doc);
  if (issues.length === 0)
    throw new UserError({ code: ErrorCode.ReportInvalid, message: "not a shadow report", file });
  const shown = issues.slice(0, maxIssues);
  if (issues.length > maxIssues)
    shown.push({ file, message: `… and ${issues.length - maxIssues} more problems` });
  throw new ValidationError({
    code: ErrorCode.ReportInvalid,
    issues: shown,
    hint: "pass the JSON report `reins shadow --out` wrote (schemaVersion 1)",
  });
}
