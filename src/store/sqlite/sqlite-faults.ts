import { statfsSync } from "node:fs";
import { dirname } from "node:path";

/**
 * What an SQLite failure means for the person at the terminal, in one clause, or undefined when the driver's own
 * message is all there is to say: a full disk (SQLite often reports it as an I/O error when it cannot grow its
 * -wal or -shm file), the write lock held by another process, a file that cannot be written, a damaged file.
 */
export function explainSqliteFault(path: string, cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  if (code === "SQLITE_FULL" || (code.startsWith("SQLITE_IOERR") && diskIsFull(path)))
    return `the disk holding ${dirname(path)} is full: free some space and run again (what the store already holds is kept)`;
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
    return "another process holds the store's write lock and did not let go in time: let it finish (or stop it) and run again";
  if (code.startsWith("SQLITE_READONLY"))
    return "the store file or its folder cannot be written: commands that only read (audit verify, audit show, approvals list) still work on it";
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB")
    return "the file is damaged or not a Reins store: restore it from a copy; `reins audit verify` reports what it can still read";
  return undefined;
}

/** True when the file system holding `path` has no block left for an unprivileged writer. */
function diskIsFull(path: string): boolean {
  try {
    return statfsSync(dirname(path)).bavail === 0;
  } catch {
    return false;
  }
}
