import type { ErrorCode } from "./codes.js";
import { type SourceLocation, UserError } from "./reins-error.js";

/** One located problem in a user's file. */
export interface ValidationIssue extends SourceLocation {
  /** What is wrong and, where it helps, how to fix it. */
  message: string;
}

/** Formats one issue as `file:line:col field: message`, the form editors and CI logs link. */
export function formatIssue(issue: ValidationIssue): string {
  const where = [issue.file ?? "<input>", issue.line, issue.column]
    .filter((part) => part !== undefined)
    .join(":");
  const field = issue.path ? ` ${issue.path}:` : "";
  return `${where}${field} ${issue.message}`;
}

/**
 * A file that failed validation, with every problem found (not only the first).
 * The first issue's location is copied onto the error itself.
 */
export class ValidationError extends UserError {
  override readonly name = "ValidationError";
  readonly issues: readonly ValidationIssue[];

  constructor(options: { code: ErrorCode; issues: ValidationIssue[]; hint?: string }) {
    const first = options.issues[0] ?? { message: "invalid" };
    const { message: _first, ...location } = first;
    super({
      code: options.code,
      message: options.issues.map(formatIssue).join("\n"),
      ...location,
      ...(options.hint === undefined ? {} : { hint: options.hint }),
    });
    this.issues = options.issues;
  }
}
