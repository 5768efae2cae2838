import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** A connection URL as it may be shown: the password, if any, replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === "") return url;
    parsed.password = "***";
    return parsed.toString();
  } catch {
    // Not a URL a parser reads: hide whatever sits between `:` and `@` after the scheme.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
  }
}

/**
 * The queue's URL, checked: a PostgreSQL connection URL (`postgres://` or `postgresql://`). Anything else is a usage
 * error naming the flag, with the password hidden.
 */
export function checkQueueUrl(url: string, flag = "--queue"): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") || !parsed.host) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `${flag} takes a PostgreSQL URL (postgres://user:password@host:port/database); got "${redactUrl(url)}"`,
      path: flag,
    });
  }
  return url;
}
