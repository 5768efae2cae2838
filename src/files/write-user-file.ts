import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** What a written file is, for the message (`JSON report`), and the flag that named it, if one did (`--out`). */
export interface UserFileTarget {
  what: string;
  flag?: string;
}

function notWritable(path: string, target: UserFileTarget, why: string): UserError {
  return new UserError({
    code: ErrorCode.FileNotWritable,
    message: `cannot write the ${target.what} to ${path}: ${why}`,
    file: path,
    ...(target.flag ? { path: target.flag } : {}),
    hint: "name a file in a folder you can write to",
  });
}

function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "EISDIR":
      return "it is a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "no space left on the device";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    case "EROFS":
      return "the file system is read-only";
    case "ENXIO":
      return "it is a pipe with no reader";
    default:
      return code ?? String(error);
  }
}

/**
 * Checks, before any work, that `path` can take the file: it is absent or a regular file, and its folder is a folder
 * (or absent, to be created). A report that cannot be written is then a usage error up front, not after the eval ran.
 */
export function checkWritable(path: string, target: UserFileTarget): void {
  let stats: ReturnType<typeof statSync> | undefined;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    // Under a part of the path that is a file, Node 20 throws ENOTDIR where Node 22 answers "no entry": either way
    // the walk below names that part, so the message is the same on both.
    if ((error as NodeJS.ErrnoException).code !== "ENOTDIR")
      throw notWritable(path, target, describeErrno(error));
  }
  if (stats !== undefined && !stats.isFile())
    throw notWritable(path, target, stats.isDirectory() ? "it is a folder" : "it is not a regular file");
  let folder = dirname(path);
  for (;;) {
    const parent = statSync(folder, { throwIfNoEntry: false });
    if (parent !== undefined) {
      if (!parent.isDirectory()) throw notWritable(path, target, `${folder} is a file, not a folder`);
      return;
    }
    if (dirname(folder) === folder) return;
    folder = dirname(folder);
  }
}

/** A file the user asked for, open for writing in pieces (see {@link openUserFile}). */
export interface UserFileWriter {
  /** Appends text; a failure is a `UserError` naming the file and the flag. */
  write(chunk: string): void;
  /** Closes the file. */
  close(): void;
}

/**
 * Opens a file the user asked for, to be written in pieces, readable by its owner only (0600, also over an existing
 * file: reports hold inputs and outputs). Only a regular file is written: a FIFO, a device or a /proc entry is
 * refused instead of hanging or failing halfway. Every failure is a `UserError` naming the file and the flag.
 * Synchronous: nothing else runs by then, and the promise API's trips through the thread pool made writing a large
 * report slower than serialising it.
 */
export function openUserFile(path: string, target: UserFileTarget): UserFileWriter {
  // No checkWritable here: the open's errors and the fstat below say the same, without walking the folders again.
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Non-blocking: opening a FIFO with no reader fails at once (ENXIO) instead of waiting for one.
    fd = openSync(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NONBLOCK,
      0o600,
    );
  } catch (error) {
    throw notWritable(path, target, describeErrno(error));
  }
  const fail = (error: unknown) =>
    UserError.isInstance(error) ? error : notWritable(path, target, describeErrno(error));
  try {
    if (!fstatSync(fd).isFile()) throw notWritable(path, target, "it is not a regular file");
    // The mode of `openSync` applies only to a file it creates: a report written over an older one is made 0600 too
    // (unless the file is someone else's, which only its owner may change).
    try {
      fchmodSync(fd, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
    }
  } catch (error) {
    closeSync(fd);
    throw fail(error);
  }
  const file = fd;
  return {
    write(chunk) {
      try {
        const bytes = Buffer.from(chunk, "utf8");
        let offset = 0;
        while (offset < bytes.length) offset += writeSync(file, bytes, offset, bytes.length - offset);
      } catch (error) {
        throw fail(error);
      }
    },
    close() {
      closeSync(file);
    },
  };
}

/** Writes a whole file the user asked for, as {@link openUserFile} does. */
export function writeUserFile(path: string, content: string, target: UserFileTarget): void {
  const file = openUserFile(path, target);
  try {
    file.write(content);
  } finally {
    file.close();
  }
}

/** Writes a file the user asked for piece by piece with `fill`, as {@link openUserFile} does. */
export async function streamUserFile(
  path: string,
  target: UserFileTarget,
  fill: (write: (chunk: string) => void) => Promise<void>,
): Promise<void> {
  const file = openUserFile(path, target);
  // Pieces are gathered into larger writes: one system call per piece would cost more than the pieces.
  let buffered = "";
  try {
    await fill((chunk) => {
      buffered += chunk;
      if (buffered.length >= 1 << 16) {
        file.write(buffered);
        buffered = "";
      }
    });
    file.write(buffered);
  } finally {
    file.close();
  }
}
