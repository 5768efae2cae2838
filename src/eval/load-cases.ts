import { readdir } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import {
  explainZodIssues,
  type FieldPath,
  formatPath,
  type LocatedDocument,
  parseJsonLocatedLazily,
  parseLocatedDocument,
} from "../files/located-document.js";
import { readUserFile } from "../files/read-user-file.js";
import { caseSchema, type EvalCase } from "./case.js";
import { checkCaseLabels, type LabelContext } from "./check-case-labels.js";

/** Options of `loadCaseFiles`. */
export interface LoadCaseFilesOptions {
  /** When given, every case's labels are checked against this charter and registry (see `checkCaseLabels`). */
  labels?: LabelContext;
}

/**
 * Reads cases from YAML (one case, or a list), JSON (an object or an array) or JSONL (one case per line). Every
 * problem in every file is reported with its file, line, column and field path before anything runs.
 */
export async function loadCaseFiles(
  files: readonly string[],
  options: LoadCaseFilesOptions = {},
): Promise<EvalCase[]> {
  const issues: ValidationIssue[] = [];
  const documents: CaseDocument[] = [];
  for (const file of files) {
    const text = await readUserFile(file, { what: "case file" });
    for (const document of documentsOf(text, file, issues)) documents.push(document);
  }
  // zod's generated parser: faster on valid cases; on an invalid one it falls back to the regular parser's errors.
  const schema = z.compile(caseSchema);
  const cases: EvalCase[] = [];
  // Where each id was first seen, computed only if a duplicate needs it (locating forces the slow parser).
  const seen = new Map<string, () => string>();
  for (const { file, doc, value, path, lineOffset } of documents) {
    const parsed = schema.safeParse(value, { reportInput: true });
    const rawId = (value as { id?: unknown } | null)?.id;
    const name = (relative: FieldPath) =>
      caseFieldName(path, typeof rawId === "string" ? rawId : undefined, relative);
    if (!parsed.success) {
      for (const { path: relative, message, atKey } of explainZodIssues(parsed.error.issues)) {
        const at = doc.locate([...path, ...relative], { atKey });
        issues.push(shift({ ...at, path: name(relative), message }, lineOffset));
      }
      continue;
    }
    if (options.labels) {
      for (const problem of checkCaseLabels(parsed.data, options.labels)) {
        const at = doc.locate([...path, ...problem.path]);
        issues.push(shift({ ...at, path: name(problem.path), message: problem.message }, lineOffset));
      }
    }
    const where = () => `${file}:${(doc.locate(path).line ?? 1) + lineOffset}`;
    const previous = seen.get(parsed.data.id);
    if (previous) {
      issues.push({
        ...shift(doc.locate([...path, "id"]), lineOffset),
        path: name(["id"]),
        message: `case id "${parsed.data.id}" is already used at ${previous()}`,
      });
      continue;
    }
    seen.set(parsed.data.id, where);
    cases.push(parsed.data);
  }
  if (issues.length > 0) {
    // In reading order: by file as given, then line and column.
    const rank = (issue: ValidationIssue) => files.indexOf(issue.file ?? "");
    issues.sort(
      (a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    );
    throw new ValidationError({ code: ErrorCode.CaseInvalid, issues });
  }
  return cases;
}

interface CaseDocument {
  file: string;
  doc: LocatedDocument;
  value: unknown;
  path: (string | number)[];
  /** Lines before this document in its file (JSONL parses each line alone). */
  lineOffset: number;
}

const nonBlank = /\S/;

function documentsOf(text: string, file: string, issues: ValidationIssue[]): CaseDocument[] {
  if (extname(file) === ".jsonl") {
    const documents: CaseDocument[] = [];
    const lines = text.split("\n");
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index] as string;
      if (!nonBlank.test(line)) continue;
      try {
        const doc = parseJsonLocatedLazily(line, file);
        documents.push({ file, doc, value: doc.value, path: [], lineOffset: index });
      } catch (error) {
        if (error instanceof ValidationError) issues.push(...error.issues.map((i) => shift(i, index)));
        else throw error;
      }
    }
    return documents;
  }
  let doc: LocatedDocument;
  try {
    doc = extname(file) === ".json" ? parseJsonLocatedLazily(text, file) : parseLocatedDocument(text, file);
  } catch (error) {
    if (error instanceof ValidationError) issues.push(...error.issues);
    else throw error;
    return [];
  }
  if (Array.isArray(doc.value))
    return doc.value.map((value, index) => ({ file, doc, value, path: [index], lineOffset: 0 }));
  return [{ file, doc, value: doc.value, path: [], lineOffset: 0 }];
}

/** `[3] (case "lead-042") expect.decision`: the list index to find it, the id to know it. */
function caseFieldName(index: FieldPath, id: string | undefined, relative: FieldPath): string {
  const parts = [formatPath(index), id === undefined ? "" : `(case "${id}")`, formatPath(relative)];
  return parts.filter((part) => part !== "").join(" ");
}

function shift<T extends { line?: number }>(issue: T, lines: number): T {
  return issue.line === undefined ? issue : { ...issue, line: issue.line + lines };
}

const caseExtensions = new Set([".yaml", ".yml", ".json", ".jsonl"]);

/** Expands dataset patterns relative to a folder: `cases/*.yaml`, `cases/*`, or a plain file. */
export async function expandDatasets(dir: string, patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const full = join(dir, pattern);
    if (!basename(full).includes("*")) {
      files.push(full);
      continue;
    }
    const regex = new RegExp(`^${basename(full).split("*").map(escapeRegex).join(".*")}$`);
    const entries = await readdir(dirname(full)).catch(() => [] as string[]);
    files.push(
      ...entries
        .filter((name) => regex.test(name) && caseExtensions.has(extname(name)))
        .sort()
        .map((name) => join(dirname(full), name)),
    );
  }
  return files;
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
