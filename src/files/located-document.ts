import { isCollection, isNode, LineCounter, type Node, parseDocument, visit } from "yaml";
import type { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import type { SourceLocation } from "../errors/reins-error.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import {
  checkJsonText,
  checkValueLimits,
  checkYamlNodes,
  type DocumentProblem,
  documentLimits,
  problemsAsIssues,
} from "./document-limits.js";

export type FieldPath = readonly (string | number)[];

/** A parsed YAML or JSON document that remembers where each value came from. */
export interface LocatedDocument {
  readonly file: string;
  /** The plain JavaScript value. */
  readonly value: unknown;
  /** The location of the value at `path` (of its key, with `atKey`), or of its nearest existing ancestor. */
  locate(path: FieldPath, options?: { atKey?: boolean }): SourceLocation;
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
 * Parses text that is usually valid JSON: with `JSON.parse` (fast), keeping positions only if a problem has to be
 * located; text that is not JSON goes to {@link parseLocatedDocument}, which reads YAML and locates syntax errors.
 */
export function parseJsonLocatedLazily(text: string, file: string): LocatedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseLocatedDocument(text, file);
  }
  // JSON.parse reads 1e400 as Infinity and nests without limit: both are found, located, in one pass over the text.
  throwProblems(checkJsonText(text, file));
  let located: LocatedDocument | undefined;
  return {
    file,
    value,
    locate: (path, options) => {
      located ??= parseLocatedDocument(text, file);
      return located.locate(path, options);
    },
  };
}

/**
 * Parses a `.json` file as JSON, not YAML: a syntax error is one issue at the line and column `JSON.parse` names
 * (the end of the text when it names none). Positions of values are found only if a problem has to be located.
 */
export function parseJsonDocument(text: string, file: string): LocatedDocument {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = jsonErrorOffset(text, message);
    const before = text.slice(0, offset).split("\n");
    throw new ValidationError({
      code: ErrorCode.SyntaxError,
      issues: [
        {
          file,
          line: before.length,
          column: (before.at(-1)?.length ?? 0) + 1,
          message: `${message.replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, "").replace(/\s*(in JSON )?at position \d+.*$/, "")} (the file is read as JSON: fix the syntax)`,
        },
      ],
    });
  }
  return parseJsonLocatedLazily(text, file);
}

/**
 * Where `JSON.parse` failed: the position its message names, else (Node 20 names none for an unexpected token) the
 * shortest prefix that fails other than by ending early, found by bisection.
 */
function jsonErrorOffset(text: string, message: string): number {
  const named = /at position (\d+)/.exec(message)?.[1];
  if (named !== undefined) return Number(named);
  const failsInside = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const inner = error instanceof Error ? error.message : "";
      if (/end of JSON input/.test(inner)) return false;
      const at = /at position (\d+)/.exec(inner)?.[1];
      return at === undefined || Number(at) < length;
    }
  };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsInside(middle)) high = middle;
    else low = middle + 1;
  }
  return Math.max(0, low - 1);
}

/**
 * Parses YAML (and so JSON, a subset of YAML 1.2) keeping positions.
 * Syntax errors are thrown as one `ValidationError` listing each, with line and column.
 */
export function parseLocatedDocument(text: string, file: string): LocatedDocument {
  const lineCounter = new LineCounter();
  // The library's own duplicate-key check compares each key with every earlier one, quadratic in the keys of a
  // mapping; checkYamlNodes does it with a Set per mapping, with the other checks, in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    throw new ValidationError({
      code: ErrorCode.SyntaxError,
      issues: syntaxIssues(doc.errors, text, file, lineCounter),
    });
  }
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const checked = checkYamlNodes(doc, at);
  throwProblems(checked.problems);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved aliases (`*name` with no `&name`) and alias bombs surface only when converting.
    const offset = firstAliasOffset(doc.contents) ?? 0;
    throw new ValidationError({
      code: ErrorCode.SyntaxError,
      issues: [
        {
          ...at(offset),
          message: `${firstLine(error instanceof Error ? error.message : String(error))} (fix the syntax)`,
        },
      ],
    });
  }
  // Aliases expand when converting: what they expand to is held to the same depth and count.
  const expanded = checked.aliases ? checkValueLimits(value) : undefined;
  // Keys of each mapping by name, built the first time the mapping is searched: locating many problems in one
  // large mapping (100,000 unknown keys) stays linear.
  const keyIndex = new WeakMap<object, Map<string, { key: unknown; value: unknown }>>();
  const located: LocatedDocument = {
    file,
    value,
    locate(path, options) {
      // Walk down as far as the path exists; report the deepest node found.
      let node: unknown = doc.contents;
      let keyNode: unknown;
      for (const part of path) {
        if (!isCollection(node)) break;
        const pair = findPair(node, part, keyIndex);
        if (pair === undefined) break;
        keyNode = pair.key;
        node = pair.value;
      }
      const preferKey = options?.atKey === true && isNode(keyNode);
      const target = (preferKey ? keyNode : isNode(node) ? node : isNode(keyNode) ? keyNode : undefined) as
        | Node
        | undefined;
      const offset = target?.range?.[0] ?? (isNode(keyNode) ? (keyNode as Node).range?.[0] : undefined) ?? 0;
      return { ...at(offset), path: formatPath(path) };
    },
  };
  if (expanded !== undefined)
    throw new ValidationError({
      code: ErrorCode.DocumentLimit,
      issues: [
        { ...located.locate(expanded.path), message: `with its aliases expanded, ${expanded.message}` },
      ],
    });
  return located;
}

function throwProblems(problems: readonly DocumentProblem[]): void {
  if (problems.length === 0) return;
  throw new ValidationError(problemsAsIssues(problems));
}

/** Syntax errors shown before the rest are counted: later ones usually follow from the first. */
const maxSyntaxIssues = 5;
const leadingTab = /^[ ]*\t/;

/**
 * One issue per syntax error, capped: a tab in the indentation (which sets off a cascade of errors on every line
 * after it) is one issue saying so, at the first such line.
 */
function syntaxIssues(
  errors: readonly { code: string; message: string; pos: [number, number] }[],
  text: string,
  file: string,
  lineCounter: LineCounter,
): ValidationIssue[] {
  const located = (offset: number, message: string): ValidationIssue => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col, message };
  };
  const lines = text.split("\n");
  const firstTabbed = lines.findIndex((line) => leadingTab.test(line));
  const firstError = errors[0] ? lineCounter.linePos(errors[0].pos[0]).line - 1 : -1;
  // A tab-indented line breaks the structure of every line after it: name the tab, not the cascade.
  if (firstTabbed >= 0 && (errors.some((e) => e.code === "TAB_AS_INDENT") || firstError === firstTabbed)) {
    const tabbed = lines.filter((line) => leadingTab.test(line)).length;
    const offset = lines.slice(0, firstTabbed).join("\n").length + (firstTabbed > 0 ? 1 : 0);
    const others = tabbed > 1 ? ` (${tabbed} lines are indented with tabs)` : "";
    const column = (lines[firstTabbed]?.indexOf("\t") ?? 0) + offset;
    return [
      located(
        column,
        `a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces${others}`,
      ),
    ];
  }
  const issues = errors
    .slice(0, maxSyntaxIssues)
    .map((error) =>
      located(
        error.pos[0],
        error.code === "RESOURCE_EXHAUSTION" && /call stack/.test(error.message)
          ? `is nested too deeply to read (the limit is ${documentLimits.maxDepth} levels of mappings and lists inside each other): flatten the structure`
          : `${firstLine(error.message)} (fix the syntax)`,
      ),
    );
  const next = errors[maxSyntaxIssues];
  if (next !== undefined)
    issues.push(
      located(
        next.pos[0],
        `… and ${errors.length - maxSyntaxIssues} more syntax errors from here (fix the first ones: the rest often follow from them)`,
      ),
    );
  return issues;
}

function findPair(
  collection: unknown,
  part: string | number,
  index: WeakMap<object, Map<string, { key: unknown; value: unknown }>>,
): { key: unknown; value: unknown } | undefined {
  const items = (collection as { items: unknown[] }).items;
  if (typeof part === "number") {
    const item = items[part];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  let byName = index.get(collection as object);
  if (byName === undefined) {
    byName = new Map();
    for (const item of items) {
      const pair = item as { key?: unknown; value?: unknown };
      if (pair && typeof pair === "object" && "key" in pair) {
        const key = isNode(pair.key) ? (pair.key as unknown as { value: unknown }).value : pair.key;
        const name = String(key);
        if (!byName.has(name)) byName.set(name, { key: pair.key, value: pair.value ?? pair.key });
      }
    }
    index.set(collection as object, byName);
  }
  return byName.get(part);
}

function firstAliasOffset(root: unknown): number | undefined {
  let found: number | undefined;
  visit(root as Node, {
    Alias(_key, node) {
      found = node.range?.[0];
      return visit.BREAK;
    },
  });
  return found;
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
  return explainZodIssues(issues).map(({ path: relative, message, atKey }) => {
    const path = [...prefix, ...relative];
    return { ...doc.locate(path, { atKey }), path: formatPath(path), message };
  });
}

/**
 * One `{ path, message }` per problem. An unknown key is reported at the key itself (not at its parent), so that
 * the location points at the typo.
 */
export function explainZodIssues(
  issues: readonly z.core.$ZodIssue[],
): { path: FieldPath; message: string; atKey: boolean }[] {
  return issues.flatMap((issue): { path: FieldPath; message: string; atKey: boolean }[] => {
    const path = issue.path as (string | number)[];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: "is not a known field (check the spelling or remove it)",
        atKey: true,
      }));
    }
    return [{ path, message: describeZodIssue(issue), atKey: false }];
  });
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? `is required (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case "invalid_value":
      if (issue.input === undefined)
        return `is required (one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`;
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(issue.input)}`;
    case "invalid_union": {
      // Explain the branch that came closest: one whose type matched (its first problem is not a type mismatch).
      const branches = issue.errors.filter((branch) => branch.length > 0);
      const closest = branches.find((branch) => branch[0]?.code !== "invalid_type") ?? branches[0];
      const first = closest?.[0];
      if (first === undefined) return issue.message;
      const inner = formatPath(first.path as FieldPath);
      return `${inner === "" ? "" : `${inner}: `}${describeZodIssue(first)}`;
    }
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
