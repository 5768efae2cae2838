import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { readReport } from "../eval/report/read-report.js";
import type { EvalReport } from "../eval/report.js";

/**
 * Runs `work`; a UserError it throws about a library option that `flags` maps (`{ model: "--model" }`) is
 * rethrown naming the flag instead, since the user of the CLI typed the flag, not the option.
 */
export async function withFlags<T>(
  flags: Readonly<Record<string, string>>,
  work: () => T | Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw inFlagTerms(error, flags);
  }
}

/** `error` with its option named by its flag (`model "x": …` → `--model "x": …`); any other error unchanged. */
export function inFlagTerms(error: unknown, flags: Readonly<Record<string, string>>): unknown {
  if (!UserError.isInstance(error) || error.option === undefined || !Object.hasOwn(flags, error.option)) {
    return error;
  }
  const { option } = error;
  const flag = flags[option] as string;
  const startsWithOption = error.message.startsWith(`${option} `) || error.message.startsWith(`${option}:`);
  const message = startsWithOption ? flag + error.message.slice(option.length) : `${flag}: ${error.message}`;
  return new UserError({
    ...locationOf(error),
    code: error.code,
    message,
    path: flag,
    hint: error.hint,
    cause: error,
  });
}

/** Reads a report named by a flag: as `readReport`, with hints that say which command writes one. */
export async function readReportFlag(path: string): Promise<EvalReport> {
  try {
    return await readReport(path);
  } catch (error) {
    if (error instanceof ValidationError && error.code === ErrorCode.ReportInvalid) {
      throw new ValidationError({
        code: error.code,
        issues: [...error.issues],
        hint: "this file is not an eval report written by `reins eval --out`, or it was edited by hand",
      });
    }
    if (UserError.isInstance(error) && error.code === ErrorCode.FileNotFound) {
      throw new UserError({
        ...locationOf(error),
        code: error.code,
        message: error.message,
        hint: "write one with `reins eval --out <file.json>`",
        cause: error,
      });
    }
    throw error;
  }
}

function locationOf(error: UserError): { file?: string; line?: number; column?: number; path?: string } {
  return { file: error.file, line: error.line, column: error.column, path: error.path };
}
