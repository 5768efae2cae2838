import { isCollection, isNode, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import type { SourceLocation } from "../errors/reins-error.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";

export type FieldPath = readonly (string | number)[];

/** A parsed YAML or JSON document that remembers where each value came from. */
export interface LocatedDocument {
  readonly file: string;
  /** The plain JavaScript value. */
  readonly value: unknown;
  /** The location of the value at `path`, or of its nearest existing ancestor. */
  locate(path: FieldPath): SourceLocation;
}

/** `decision.options[2]` from `["decision", "options", 2]`. */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

/**
 * Parses YAML (and so JSON, a subset of YAML 1.2) keeping positions.
 * Syntax errors are thrown as one `ValidationError` listing each, with line and column.
 */
export function parseLocatedDocument(text: string, file: string): LocatedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ValidationError({
      code: ErrorCode.SyntaxError,
      issues: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          message: `${firstLine(error.message)} (fix the syntax)`,
        };
      }),
    });
  }
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  return {
    file,
    value: doc.toJS({ maxAliasCount: 100 }),
    locate(path) {
      // Walk down as far as the path exists; report the deepest node found.
      let node: unknown = doc.contents;
      let keyNode: unknown;
      for (const part of path) {
        if (!isCollection(node)) break;
        const pair = findPair(node, part);
        if (pair === undefined) break;
        keyNode = pair.key;
        node = pair.value;
      }
      const target = (isNode(node) ? node : isNode(keyNode) ? keyNode : undefined) as Node | undefined;
      const offset = target?.range?.[0] ?? (isNode(keyNode) ? (keyNode as Node).range?.[0] : undefined) ?? 0;
      return { ...at(offset), path: formatPath(path) };
    },
  };
}

function findPair(collection: unknown, part: string | number): { key: unknown; value: unknown } | undefined {
  const items = (collection as { items: unknown[] }).items;
  if (typeof part === "number") {
    const item = items[part];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  for (const item of items) {
    const pair = item as { key?: unknown; value?: unknown };
    if (pair && typeof pair === "object" && "key" in pair) {
      const key = isNode(pair.key) ? (pair.key as unknown as { value: unknown }).value : pair.key;
      if (String(key) === part) return { key: pair.key, value: pair.value ?? pair.key };
    }
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

/** Turns zod issues into located validation issues, with messages a non-engineer can act on. */
export function locateZodIssues(
  issues: readonly z.core.$ZodIssue[],
  doc: LocatedDocument,
  prefix: FieldPath = [],
): ValidationIssue[] {
  return issues.map((issue) => {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    return { ...doc.locate(path), path: formatPath(path), message: describeZodIssue(issue) };
  });
}

export function describeZodIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? `is required (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${
        issue.input === undefined ? "" : `, got ${describeValue(issue.input)}`
      }`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (check the spelling or remove ${issue.keys.length > 1 ? "them" : "it"})`;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}
