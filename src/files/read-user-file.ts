import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

export interface ReadUserFileOptions {
  /** What the file is, for the message: `charter`, `eval report`, `case file`. */
  what: string;
  /** How to fix a missing file, in one sentence. */
  hint?: string;
  /** The largest file read, in bytes (default 64 MiB): a bigger one is a located error, not an exhausted heap. */
  maxBytes?: number;
}

const defaultMaxBytes = 64 * 1024 * 1024;

/**
 * Reads a UTF-8 file the user named; one that cannot be read is a `UserError` saying what it was and why. Only a
 * regular file is read: a FIFO named `x.yaml` or a device would block or never end. It is opened without blocking
 * and checked on the open descriptor, so what is checked is what is read.
 */
export async function readUserFile(
  path: string,
  { what, hint, maxBytes = defaultMaxBytes }: ReadUserFileOptions,
): Promise<string> {
  const refuse = (why: string, code: ErrorCode = ErrorCode.FileNotFound) =>
    new UserError({ code, message: `cannot read ${what} ${path}: ${why}`, file: path, hint });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw refuse((error as NodeJS.ErrnoException).code ?? String(error));
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw refuse("it is a folder");
    if (!stats.isFile()) throw refuse("it is not a regular file (a pipe, socket or device)");
    if (stats.size > maxBytes)
      throw refuse(
        `it is ${stats.size.toLocaleString("en-US")} bytes, over the limit of ${maxBytes.toLocaleString("en-US")} for a file Reins reads: make it smaller or split it`,
        ErrorCode.Usage,
      );
    return await handle.readFile("utf8");
  } catch (error) {
    if (UserError.isInstance(error)) throw error;
    throw refuse((error as NodeJS.ErrnoException).code ?? String(error));
  } finally {
    await handle.close();
  }
}
