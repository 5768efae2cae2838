import { readFile } from "node:fs/promises";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { parseLocatedDocument } from "../files/located-document.js";

/** Reads a JSON (or YAML) file a user passed; syntax errors name the line and column. */
export async function readJsonFile(path: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UserError({
      code: ErrorCode.FileNotFound,
      message: `cannot read ${flag} file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      file: path,
    });
  }
  return parseLocatedDocument(text, path).value;
}
