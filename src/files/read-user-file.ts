import { readFile } from "node:fs/promises";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

export interface ReadUserFileOptions {
  /** What the file is, for the message: `charter`, `eval report`, `case file`. */
  what: string;
  /** How to fix a missing file, in one sentence. */
  hint?: string;
}

/** Reads a UTF-8 file the user named; one that cannot be read is a `UserError` saying what it was and why. */
export async function readUserFile(path: string, { what, hint }: ReadUserFileOptions): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new UserError({
      code: ErrorCode.FileNotFound,
      message: `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      file: path,
      hint,
    });
  }
}
