import { extname } from "node:path";
import type { Charter } from "../charter/charter.js";
import { ErrorCode } from "../errors/codes.js";
import { closestName, didYouMean } from "../errors/did-you-mean.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { type Impact, impactLevels } from "../eval/case.js";
import { explainZodIssues, formatPath } from "../files/located-document.js";
import { builtinEscalationReasons } from "../runtime/escalation-reasons.js";
import { parseCsv } from "./csv.js";

/** One human decision on one input, as a line of a human-decisions file. */
export interface HumanDecision {
  id: string;
  /** The charter's input, checked against its input schema. */
  input: unknown;
  /** Merged onto the workflow's environment, as a case's `world` is. */
  world?: unknown;
  /** Exactly one of `decision` (a charter option) and `escalation` (a reason the charter or the runtime declares). */
  decision?: string;
  escalation?: string;
  fields?: Record<string, unknown>;
  /** Default `medium`. */
  impact: Impact;
  decidedBy?: string;
  decidedAt?: string;
  /** The file's line the decision is on (1-based). */
  line: number;
}

/** The fields a line may have. */
export const humanDecisionFields = [
  "id",
  "input",
  "world",
  "decision",
  "escalation",
  "fields",
  "impact",
  "decidedBy",
  "decidedAt",
] as const;

/** CSV columns that hold JSON. */
const jsonColumns = new Set(["input", "world", "fields"]);

/** At most this many problems are listed; the rest are counted. */
export const maxListedProblems = 50;

/** An id, as it goes into the run id `shadow-<id>`. */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Reads a human-decisions file: JSON Lines (one object a line; `.jsonl`, `.ndjson`, or anything not `.csv`) or CSV
 * (`.csv`: a header row of field names; the `input`, `world` and `fields` columns hold JSON; an empty cell is an
 * absent field). Every line is checked against the charter; every problem is collected (the first
 * `maxListedProblems` listed, the rest counted) and thrown as one located `REINS_SHADOW_INPUT_INVALID` error, so a
 * file with any bad line runs nothing. Blank lines are skipped.
 */
export function parseHumanDecisions(text: string, file: string, charter: Charter): HumanDecision[] {
  const issues: ValidationIssue[] = [];
  const rows =
    extname(file).toLowerCase() === ".csv" ? csvRows(text, file, issues) : jsonlRows(text, file, issues);
  const decisions: HumanDecision[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const decision = checkRow(row.value, row.line, file, charter, issues);
    if (decision === undefined) continue;
    const first = seen.get(decision.id);
    if (first !== undefined) {
      issues.push({
        file,
        line: row.line,
        path: "id",
        message: `"${decision.id}" is already the id of line ${first}: each decision needs its own id`,
      });
      continue;
    }
    seen.set(decision.id, row.line);
    decisions.push(decision);
  }
  if (issues.length === 0 && decisions.length === 0)
    issues.push({ file, message: "holds no decisions: one human decision a line is needed" });
  if (issues.length > 0) {
    // In the file's order: syntax problems are found in a first pass, the rest per line after it.
    issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const listed = issues.slice(0, maxListedProblems);
    if (issues.length > maxListedProblems)
      listed.push({ file, message: `… and ${issues.length - maxListedProblems} more problems` });
    throw new ValidationError({
      code: ErrorCode.ShadowInputInvalid,
      issues: listed,
      hint: `fix the human decisions for charter "${charter.name}"; nothing was run`,
    });
  }
  return decisions;
}

interface Row {
  line: number;
  value: unknown;
}

function jsonlRows(text: string, file: string, issues: ValidationIssue[]): Row[] {
  const rows: Row[] = [];
  text.split(/\r?\n/).forEach((content, index) => {
    if (content.trim() === "") return;
    const line = index + 1;
    try {
      rows.push({ line, value: JSON.parse(content) });
    } catch (error) {
      issues.push({
        file,
        line,
        message: `is not JSON (${error instanceof Error ? error.message : String(error)}): each line must be one JSON object`,
      });
    }
  });
  return rows;
}

function csvRows(text: string, file: string, issues: ValidationIssue[]): Row[] {
  const { records, problems } = parseCsv(text);
  for (const problem of problems) issues.push({ file, line: problem.line, message: problem.message });
  const [header, ...body] = records;
  if (header === undefined) return [];
  const columns = header.cells.map((name) => name.trim());
  let headerOk = true;
  columns.forEach((name, index) => {
    if (!(humanDecisionFields as readonly string[]).includes(name)) {
      headerOk = false;
      issues.push({
        file,
        line: header.line,
        path: `column ${index + 1}`,
        message: `"${name}" is not a known column${didYouMean(name, humanDecisionFields)}; the columns are ${humanDecisionFields.join(", ")}`,
      });
    } else if (columns.indexOf(name) !== index) {
      headerOk = false;
      issues.push({ file, line: header.line, path: name, message: "is a column twice" });
    }
  });
  if (!headerOk) return [];
  const rows: Row[] = [];
  for (const record of body) {
    if (record.cells.length !== columns.length) {
      issues.push({
        file,
        line: record.line,
        message: `has ${record.cells.length} cells, the header ${columns.length} (quote a cell that holds a comma)`,
      });
      continue;
    }
    const value: Record<string, unknown> = {};
    let ok = true;
    columns.forEach((name, index) => {
      const cell = record.cells[index]!;
      if (cell === "") return;
      if (!jsonColumns.has(name)) {
        value[name] = cell;
        return;
      }
      try {
        value[name] = JSON.parse(cell);
      } catch (error) {
        ok = false;
        issues.push({
          file,
          line: record.line,
          path: name,
          message: `is not JSON (${error instanceof Error ? error.message : String(error)}): the ${name} column holds JSON`,
        });
      }
    });
    if (ok) rows.push({ line: record.line, value });
  }
  return rows;
}

function checkRow(
  value: unknown,
  line: number,
  file: string,
  charter: Charter,
  issues: ValidationIssue[],
): HumanDecision | undefined {
  const before = issues.length;
  const issue = (path: string | undefined, message: string) =>
    issues.push({ file, line, ...(path === undefined ? {} : { path }), message });
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issue(
      undefined,
      `must be one JSON object (one human decision), got ${Array.isArray(value) ? "a list" : String(value === null ? "null" : typeof value)}`,
    );
    return undefined;
  }
  const row = value as Record<string, unknown>;
  for (const key of Object.keys(row)) {
    if (!(humanDecisionFields as readonly string[]).includes(key))
      issue(
        key,
        `is not a known field${didYouMean(key, humanDecisionFields)}; the fields are ${humanDecisionFields.join(", ")}`,
      );
  }
  const { id } = row;
  if (typeof id !== "string" || !idPattern.test(id))
    issue(
      "id",
      `an id of letters, digits and . _ : - (up to 128, starting with a letter or digit) is needed, got ${JSON.stringify(id) ?? "nothing"}`,
    );
  if (!("input" in row)) issue("input", "is required: the charter's input for this decision");
  else {
    const parsed = charter.input.safeParse(row.input, { reportInput: true });
    if (!parsed.success)
      for (const problem of explainZodIssues(parsed.error.issues))
        issue(formatPath(["input", ...problem.path]), problem.message);
  }
  const hasDecision = row.decision !== undefined;
  const hasEscalation = row.escalation !== undefined;
  if (hasDecision === hasEscalation)
    issue(
      hasDecision ? "escalation" : "decision",
      hasDecision
        ? "a line holds a decision or an escalation, not both"
        : `one of decision (${charter.decision.options.join(", ")}) or escalation (a reason) is needed`,
    );
  if (hasDecision)
    checkName(
      row.decision,
      "decision",
      charter.decision.options,
      `a decision of charter ${charter.name}`,
      issue,
    );
  if (hasEscalation) {
    const reasons = [...charter.escalation.map((rule) => rule.reason), ...builtinEscalationReasons];
    checkName(
      row.escalation,
      "escalation",
      reasons,
      `an escalation reason of charter ${charter.name} (or a built-in one)`,
      issue,
    );
  }
  if (row.fields !== undefined) checkFields(row.fields, charter, issue);
  if (row.impact !== undefined && !(impactLevels as readonly unknown[]).includes(row.impact))
    issue(
      "impact",
      `must be one of ${impactLevels.join(", ")}, got ${JSON.stringify(row.impact)}${typeof row.impact === "string" ? didYouMean(row.impact, impactLevels) : ""}`,
    );
  if (row.decidedBy !== undefined && (typeof row.decidedBy !== "string" || row.decidedBy === ""))
    issue("decidedBy", "must be a non-empty string (who decided)");
  if (
    row.decidedAt !== undefined &&
    (typeof row.decidedAt !== "string" || Number.isNaN(Date.parse(row.decidedAt)))
  )
    issue(
      "decidedAt",
      `must be an ISO date or date-time (2025-01-31T09:00:00Z), got ${JSON.stringify(row.decidedAt)}`,
    );
  if (issues.length > before) return undefined;
  return {
    id: id as string,
    input: row.input,
    ...(row.world === undefined ? {} : { world: row.world }),
    ...(hasDecision ? { decision: row.decision as string } : { escalation: row.escalation as string }),
    ...(row.fields === undefined ? {} : { fields: row.fields as Record<string, unknown> }),
    impact: (row.impact as Impact | undefined) ?? "medium",
    ...(row.decidedBy === undefined ? {} : { decidedBy: row.decidedBy as string }),
    ...(row.decidedAt === undefined ? {} : { decidedAt: row.decidedAt as string }),
    line,
  };
}

function checkName(
  value: unknown,
  path: string,
  known: readonly string[],
  what: string,
  issue: (path: string, message: string) => void,
): void {
  if (typeof value === "string" && known.includes(value)) return;
  const near = typeof value === "string" ? closestName(value, known) : undefined;
  issue(
    path,
    `${JSON.stringify(value)} is not ${what}${near === undefined ? "" : ` (did you mean ${near}?)`}; known: ${known.join(", ")}`,
  );
}

function checkFields(
  fields: unknown,
  charter: Charter,
  issue: (path: string, message: string) => void,
): void {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    issue("fields", "must be an object of the decision's fields");
    return;
  }
  const known = Object.keys(charter.decision.fields);
  for (const [name, value] of Object.entries(fields)) {
    const schema = charter.decision.fields[name];
    if (schema === undefined) {
      issue(
        `fields.${name}`,
        `is not a decision field of charter ${charter.name}${didYouMean(name, known)}${known.length > 0 ? `; the fields are ${known.join(", ")}` : ""}`,
      );
      continue;
    }
    const parsed = schema.safeParse(value, { reportInput: true });
    if (!parsed.success)
      for (const problem of explainZodIssues(parsed.error.issues))
        issue(formatPath(["fields", name, ...problem.path]), problem.message);
  }
}
