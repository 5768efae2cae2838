// Shared by the fuzz tests (issue 13, item 9): the corpus of past failures, the seed, and the one property every
// loader and flag must keep: an input either loads, or fails with a Reins user error that has a stable code and says
// where (file and line, or the field or flag). Anything else (a TypeError, a RangeError, a stack overflow, an
// "internal error") is a finding.
import { readFileSync } from "node:fs";
import type fc from "fast-check";
import { runCli } from "../../src/cli/program.js";
import { ErrorCode } from "../../src/errors/codes.js";
import { UserError } from "../../src/errors/reins-error.js";
import { ValidationError } from "../../src/errors/validation-error.js";

/** The seed of every generated run: fixed, so a failure replays; printed by fast-check when a property fails. */
export const seed = Number(process.env.REINS_FC_SEED ?? 20261201);
/** `REINS_FUZZ_RUNS` scales every run count (e.g. 10 for a long local run); the default keeps each file fast. */
const scale = Number(process.env.REINS_FUZZ_RUNS ?? 1);
export const runs = (n: number) => Math.max(1, Math.round(n * scale));
export const fcOptions = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: runs(numRuns), seed });

/** Large inputs in the corpus are described instead of spelled out. */
export interface Repeat {
  open: string;
  middle?: string;
  close: string;
  times: number;
}
export const expand = ({ open, middle = "", close, times }: Repeat) =>
  open.repeat(times) + middle + close.repeat(times);
export const manyKeys = (count: number) =>
  `{${Array.from({ length: count }, (_, i) => `"k${i}": 1`).join(", ")}}`;

export interface CorpusEntry {
  finding: string;
  /** The issue item whose fix (on another branch) makes this entry pass; until then it is listed, not run. */
  pendingFix?: string;
}
export interface FlagEntry extends CorpusEntry {
  args: string[];
  /** What the error message must name (the flag, usually). */
  names: string;
  /** The command does its work before the flag is refused (so it may print); see the entry's note. */
  runsFirst?: boolean;
}
export interface DocumentEntry extends CorpusEntry {
  file: string;
  text?: string;
  repeat?: Repeat;
  manyKeys?: number;
  fifo?: boolean;
  folder?: boolean;
  missing?: boolean;
  /** The one loader this entry is for (it is valid for the others, or meaningless); default all three. */
  only?: "charter" | "cases" | "input";
}
export interface ModelReplyEntry extends CorpusEntry {
  toolName: string;
  arguments: string | { repeat: Repeat };
}
export interface Corpus {
  flags: FlagEntry[];
  init: (CorpusEntry & { name: string })[];
  documents: DocumentEntry[];
  modelReplies: ModelReplyEntry[];
}

export const corpus: Corpus = JSON.parse(
  readFileSync(new URL("./corpus/past-failures.json", import.meta.url), "utf8"),
);

/** Entries whose fix is merged run; pending ones are listed by the caller (`REINS_FUZZ_PENDING=1` runs them too). */
export const runPending = process.env.REINS_FUZZ_PENDING === "1";
export const ready = <T extends CorpusEntry>(entries: T[]) =>
  entries.filter((e) => runPending || e.pendingFix === undefined);
export const pending = <T extends CorpusEntry>(entries: T[]) =>
  runPending ? [] : entries.filter((e) => e.pendingFix !== undefined);

const codes = new Set<string>(Object.values(ErrorCode));

/**
 * Throws unless `error` is a located user error: a UserError (or ValidationError) with a known code, whose every
 * issue names `file` and a line (a ValidationError), or which names a file, a field path or an option.
 */
export function assertLocated(error: unknown, what: string, file?: string): UserError {
  if (!UserError.isInstance(error)) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`${what}: escaped as ${detail.slice(0, 300)}`);
  }
  if (!codes.has(error.code)) throw new Error(`${what}: unknown error code ${error.code}`);
  if (error.message.trim() === "") throw new Error(`${what}: empty message`);
  if (error instanceof ValidationError) {
    if (error.issues.length === 0) throw new Error(`${what}: a ValidationError with no issues`);
    for (const issue of error.issues) {
      if (file !== undefined && issue.file !== file)
        throw new Error(`${what}: an issue names ${issue.file}, not ${file}: ${issue.message}`);
      if (!(Number.isInteger(issue.line) && (issue.line as number) >= 1))
        throw new Error(`${what}: an issue has no line: ${issue.message}`);
    }
    return error;
  }
  if (file !== undefined && error.file !== file && error.path === undefined)
    throw new Error(`${what}: the error names neither ${file} nor a field: ${error.message}`);
  if (error.file === undefined && error.path === undefined && error.option === undefined)
    throw new Error(`${what}: the error is not located: ${error.message}`);
  return error;
}

/** Calls `load`; returns what it loaded, or checks that it failed located (and returns undefined). */
export async function loadsOrLocated<T>(
  what: string,
  load: () => T | Promise<T>,
  file?: string,
): Promise<{ loaded: true; value: T } | { loaded: false; error: UserError }> {
  try {
    return { loaded: true, value: await load() };
  } catch (error) {
    return { loaded: false, error: assertLocated(error, what, file) };
  }
}

/** The CLI in-process: its exit code and every line it printed. */
export async function cli(args: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    setExitCode: () => {},
    isTty: false,
  });
  return { code, out, err };
}

/** Throws unless the CLI's answer is a usage error: exit 2, a short message naming `names`, no stack trace. */
export function assertUsageError(
  result: { code: number; err: string[]; out: string[] },
  what: string,
  names: string,
): void {
  const stderr = result.err.join("\n");
  const problems = [
    result.code !== 2 && `exit code ${result.code}, not 2`,
    /\n\s+at |^\s+at /m.test(stderr) && "a stack trace",
    /internal error/.test(stderr) && "an internal error",
    !stderr.includes(names) && `no mention of ${JSON.stringify(names)}`,
    stderr.split("\n").length > 12 && `${stderr.split("\n").length} lines of error`,
  ].filter(Boolean);
  if (problems.length > 0)
    throw new Error(`${what}: ${problems.join(", ")}\nstderr: ${stderr.slice(0, 600)}`);
}
