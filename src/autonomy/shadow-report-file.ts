import { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { ValidationError } from "../errors/validation-error.js";
import { locateZodIssues, parseJsonLocatedLazily } from "../files/located-document.js";
import type { ShadowReport } from "../shadow/shadow-report.js";

/** The parts of a `reins shadow --out` report that the autonomy check reads; the rest is kept as it is. */
const shadowReportShape = z.looseObject({
  schemaVersion: z.literal(1),
  charter: z.object({ name: z.string(), version: z.string() }),
  items: z.array(
    z.looseObject({
      id: z.string(),
      impact: z.enum(["low", "medium", "high", "critical"]),
      humanClass: z.string(),
      agentClass: z.string(),
      agree: z.boolean(),
    }),
  ),
});

/** Checks the text of a shadow report (the JSON `reins shadow --out` writes); `file` names it in errors. */
export function parseShadowReportFile(text: string, file: string): ShadowReport {
  const doc = parseJsonLocatedLazily(text, file);
  const parsed = shadowReportShape.safeParse(doc.value);
  if (parsed.success) return parsed.data as unknown as ShadowReport;
  throw new ValidationError({
    code: ErrorCode.ReportInvalid,
    issues: locateZodIssues(parsed.error.issues, doc).slice(0, 20),
    hint: "a shadow report is the JSON `reins shadow <workflow> --human <file> --out <report.json>` writes",
  });
}
