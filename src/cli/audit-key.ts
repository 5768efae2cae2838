import { statSync } from "node:fs";
import type { AuditKey } from "../audit-event/audit-event.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { readUserFile } from "../files/read-user-file.js";

/** The shortest key accepted, in bytes: an HMAC key shorter than this is guessable. */
const minKeyBytes = 16;

function keyError(message: string, where: { file?: string; path?: string }, hint: string): UserError {
  return new UserError({ code: ErrorCode.AuditKeyInvalid, message, ...where, hint });
}

/** The key from its text: trimmed of surrounding whitespace (a trailing newline in a file), at least 16 bytes. */
function keyOf(text: string, where: { file?: string; path?: string }, what: string): AuditKey {
  const secret = Buffer.from(text.trim(), "utf8");
  if (secret.length < minKeyBytes)
    throw keyError(
      `the audit key in ${what} is ${secret.length} bytes; it must be at least ${minKeyBytes}`,
      where,
      "generate one, e.g. `openssl rand -hex 32`",
    );
  return { secret };
}

/**
 * The audit key the command works with, if one is configured: `--key-file`, else `REINS_AUDIT_KEY_FILE`, else
 * `REINS_AUDIT_KEY`. A key file must be a regular file readable by its owner only.
 */
export async function resolveAuditKey(
  flags: { keyFile?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuditKey | undefined> {
  const file = flags.keyFile ?? (env.REINS_AUDIT_KEY_FILE || undefined);
  if (file !== undefined) {
    const where = { file, path: flags.keyFile !== undefined ? "--key-file" : "REINS_AUDIT_KEY_FILE" };
    const mode = statSync(file, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined && (mode & 0o077) !== 0)
      throw keyError(
        `the audit key file ${file} is readable by group or others (mode ${(mode & 0o777).toString(8).padStart(4, "0")}); a key anyone can read protects nothing`,
        where,
        `make it owner-only: chmod 600 ${file}`,
      );
    const text = await readUserFile(file, {
      what: "audit key file",
      hint: "name the file that holds the audit key (--key-file or REINS_AUDIT_KEY_FILE)",
      maxBytes: 4096,
    });
    return keyOf(text, where, `file ${file}`);
  }
  const value = env.REINS_AUDIT_KEY;
  if (value === undefined || value === "") return undefined;
  return keyOf(value, { path: "REINS_AUDIT_KEY" }, "REINS_AUDIT_KEY");
}
