import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Document as YamlDocument } from "yaml";
import { ErrorCode } from "../errors/codes.js";
import type { SourceLocation } from "../errors/reins-error.js";
import type { ValidationIssue } from "../errors/validation-error.js";

/**
 * How big a YAML or JSON file Reins reads may be, besides its size in bytes (`readUserFile`): deeper nesting overflows
 * the stack of whatever walks the value later (the store, the hash, a report), and a count bounds the work.
 */
export interface DocumentLimits {
  /** Mappings and lists nested in each other, the outermost counted as 1. */
  readonly maxDepth: number;
  /** Values (scalars, mappings and lists, not counting keys) in one document. */
  readonly maxValues: number;
}

export const documentLimits: DocumentLimits = { maxDepth: 64, maxValues: 1_000_000 };

/** One problem found while checking a document, with the stable code it is thrown under. */
export interface DocumentProblem extends ValidationIssue {
  readonly code: ErrorCode;
}

/** Problems listed before the rest are counted: a generated file repeats one mistake many times. */
const maxProblems = 20;

/** The YAML 1.2 core schema's tags; any other (`!include`, `!!binary`, `!!timestamp`) is refused, not read as text. */
const coreTags = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

/** Integer literals of the core schema (decimal, octal `0o`, hex `0x`): beyond 2^53 they lose digits as numbers. */
const integerLiteral = /^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;

/**
 * Why a number literal cannot be kept as written, or undefined. JSON (and so the store, the audit hash and every
 * report) holds finite doubles: `1e400` would become Infinity (then `null` when stored), and an integer beyond 2^53
 * would silently change (12345678901234567890 is read as 12345678901234567000). A decimal that merely rounds
 * (`0.1`) or underflows to 0 (`1e-400`) is kept: that is what every JSON reader does with it.
 */
export function numberProblem(source: string, value: number): string | undefined {
  if (Number.isNaN(value))
    return `${source} is not a number JSON can hold (write it in quotes if it is text)`;
  if (!Number.isFinite(value))
    return `${source} is beyond the largest number JSON can hold (about ±1.8e308): use a smaller number, or write it in quotes if it is text`;
  if (integerLiteral.test(source) && !Number.isSafeInteger(value))
    return `${source} is an integer beyond 2^53 (9,007,199,254,740,991), which would be read as ${value}: write it in quotes as a string (ids and account numbers are text)`;
  return undefined;
}

function depthMessage(limits: DocumentLimits): string {
  return `is nested more than ${limits.maxDepth} levels deep (mappings and lists inside each other), the limit for a file Reins reads: flatten the structure`;
}

function countMessage(limits: DocumentLimits): string {
  return `the file holds more than ${limits.maxValues.toLocaleString("en-US")} values, the limit for one file Reins reads: split it into several files`;
}

/**
 * Checks JSON text that `JSON.parse` accepted, in one pass over the text (so a 10,000-deep list is found without
 * recursion): nesting depth, the number of values, and numbers JSON readers cannot keep. Locates each problem.
 */
export function checkJsonText(
  text: string,
  file: string,
  limits: DocumentLimits = documentLimits,
): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let values = 0;
  const at = (offset: number): SourceLocation => ({ file, line, column: offset - lineStart + 1 });
  const add = (code: ErrorCode, offset: number, message: string): boolean => {
    problems.push({ code, ...at(offset), message });
    return problems.length >= maxProblems;
  };
  const counted = (offset: number): boolean => {
    values++;
    return values > limits.maxValues && add(ErrorCode.DocumentLimit, offset, countMessage(limits));
  };
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x22) {
      // A string: skip to its closing quote. Valid JSON has no raw newline inside one. A key is not a value.
      const start = i;
      for (i++; i < length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
      let next = i + 1;
      while (next < length && isJsonSpace(text.charCodeAt(next))) next++;
      if (text.charCodeAt(next) !== 0x3a && counted(start)) break;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > limits.maxDepth) {
        add(ErrorCode.DocumentLimit, i, depthMessage(limits));
        break;
      }
      if (counted(i)) break;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      while (i + 1 < length && isNumberChar(text.charCodeAt(i + 1))) i++;
      const source = text.slice(start, i + 1);
      const problem = numberProblem(source, Number(source));
      if (problem !== undefined && add(ErrorCode.NumberOutOfRange, start, problem)) break;
      if (counted(start)) break;
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      // true, false, null
      if (counted(i)) break;
      while (i + 1 < length && text.charCodeAt(i + 1) >= 0x61 && text.charCodeAt(i + 1) <= 0x7a) i++;
    }
    if (values > limits.maxValues) break;
  }
  return problems;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}

/**
 * Checks a parsed YAML document's nodes in one pass (a stack, no recursion): duplicate keys (a `Set` per mapping, so
 * linear where the YAML library's own check compares each key with every earlier one), tags outside the core
 * schema, keys that are not plain values, numbers JSON cannot hold, nesting depth and the number of values.
 * Returns the problems, located by `at(offset)`, and whether the document uses aliases (whose expansion the
 * caller checks on the value).
 */
export function checkYamlNodes(
  doc: YamlDocument.Parsed,
  at: (offset: number) => SourceLocation,
  limits: DocumentLimits = documentLimits,
): { problems: DocumentProblem[]; aliases: boolean } {
  const problems: DocumentProblem[] = [];
  let aliases = false;
  let values = 0;
  const add = (code: ErrorCode, node: Node | undefined, message: string): boolean => {
    problems.push({ code, ...at(node?.range?.[0] ?? 0), message });
    return problems.length >= maxProblems;
  };
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (node === null || node === undefined) continue;
    values++;
    if (values > limits.maxValues) {
      add(ErrorCode.DocumentLimit, node as Node, countMessage(limits));
      break;
    }
    if (isAlias(node)) {
      aliases = true;
      continue;
    }
    const tag = (node as Node).tag;
    if (tag !== undefined && !coreTags.has(tag)) {
      const shown = tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : tag;
      if (
        add(
          ErrorCode.YamlTag,
          node as Node,
          `the YAML tag ${shown} is not supported (only plain values, mappings and lists are read): remove it, or write the value in quotes if it is text`,
        )
      )
        break;
    }
    if (isScalar(node)) {
      if (typeof node.value === "number" && node.type === "PLAIN") {
        const problem = numberProblem(node.source ?? String(node.value), node.value);
        if (problem !== undefined && add(ErrorCode.NumberOutOfRange, node, problem)) break;
      }
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth + 1 > limits.maxDepth) {
      add(ErrorCode.DocumentLimit, node, depthMessage(limits));
      break;
    }
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], depth: depth + 1 });
      continue;
    }
    const seen = new Set<string>();
    let stop = false;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      const scalarKey = isScalar(key) ? key : isAlias(key) ? key.resolve(doc) : key;
      if (isScalar(scalarKey)) {
        const name = String(scalarKey.value);
        if (seen.has(name)) {
          stop = add(
            ErrorCode.SyntaxError,
            key as Node,
            `the key "${name}" appears twice in this mapping: keep one (fix the syntax)`,
          );
        }
        seen.add(name);
        if (!stop && isScalar(key) && key.tag !== undefined && !coreTags.has(key.tag))
          stop = add(
            ErrorCode.YamlTag,
            key,
            `the YAML tag ${key.tag} is not supported on a key: remove it (fix the syntax)`,
          );
      } else if (key !== null && key !== undefined) {
        stop = add(
          ErrorCode.SyntaxError,
          key as Node,
          "a key must be a plain value (a name or a number), not a mapping or a list (fix the syntax)",
        );
      }
      if (stop) break;
    }
    if (stop) break;
    for (let i = node.items.length - 1; i >= 0; i--)
      stack.push({ node: (node.items[i] as { value?: unknown }).value, depth: depth + 1 });
  }
  return { problems, aliases };
}

/**
 * Checks a plain value (what a YAML document's aliases expanded to) for depth and count, without recursion. Returns
 * the path of the first value over a limit and the message, or undefined.
 */
export function checkValueLimits(
  value: unknown,
  limits: DocumentLimits = documentLimits,
): { path: (string | number)[]; message: string } | undefined {
  let values = 0;
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const top = stack.pop() as { value: unknown; path: (string | number)[] };
    values++;
    if (values > limits.maxValues) return { path: top.path, message: countMessage(limits) };
    if (top.value === null || typeof top.value !== "object") continue;
    if (top.path.length + 1 > limits.maxDepth) return { path: top.path, message: depthMessage(limits) };
    const entries = Array.isArray(top.value)
      ? top.value.map((item, index) => [index, item] as const)
      : Object.entries(top.value);
    for (const [key, item] of entries) stack.push({ value: item, path: [...top.path, key] });
  }
  return undefined;
}

/** The problems as issues (the code dropped), and the code to throw them under: the first problem's. */
export function problemsAsIssues(problems: readonly DocumentProblem[]): {
  code: ErrorCode;
  issues: ValidationIssue[];
} {
  const issues = problems.map(({ code: _code, ...issue }) => issue);
  return { code: problems[0]?.code ?? ErrorCode.SyntaxError, issues };
}
