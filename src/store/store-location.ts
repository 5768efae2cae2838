import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** Where a store lives, as parsed from what the user wrote (`--store`, `REINS_STORE`, `openStore`). */
export type StoreLocation =
  | { kind: "sqlite"; path: string }
  /** `url` as given (it may hold a password); `shown` is the same URL with the password replaced by `***`. */
  | { kind: "postgres"; url: string; shown: string };

/** The URL schemes a store location may have; anything else with `scheme://` is refused, never taken for a path. */
export const postgresSchemes = ["postgres", "postgresql"] as const;

const supported = "a SQLite file path (e.g. .reins/reins.db), postgres://… or postgresql://…";

/** A URL with its password (if any) replaced by `***`, so it can be shown and logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === "") return url;
    parsed.password = "***";
    return parsed.toString();
  } catch {
    // Not a URL the WHATWG parser reads: cut out anything between `//user:` and `@`.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*:)[^@/]*@/i, "$1***@");
  }
}

/**
 * Parses a store location: `postgres://…` or `postgresql://…` is a PostgreSQL server; any other `scheme://…` is a
 * located error naming the value (password redacted) and what is supported; everything else is a SQLite file path.
 * `source` says where the value came from (`--store`, `REINS_STORE`), for the error.
 */
export function parseStoreLocation(value: string, source = "the store location"): StoreLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (value.trim() === "") throw invalid(value, source, "is empty", `give ${supported}`);
    return { kind: "sqlite", path: value };
  }
  const shown = redactUrl(value);
  if (!(postgresSchemes as readonly string[]).includes(scheme)) {
    throw invalid(
      shown,
      source,
      `has a scheme Reins does not know ("${scheme}://")`,
      `supported: ${supported}`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalid(
      shown,
      source,
      "is not a valid URL",
      "write it as postgres://user:password@host:port/database (percent-encode special characters in the password)",
    );
  }
  if (parsed.hostname === "" && !parsed.searchParams.has("host")) {
    throw invalid(shown, source, "names no host", "write it as postgres://user@host:port/database");
  }
  return { kind: "postgres", url: value, shown };
}

function invalid(shown: string, source: string, why: string, hint: string): UserError {
  return new UserError({
    code: ErrorCode.StoreUrlInvalid,
    message: `the store "${shown}" (${source}) ${why}`,
    hint,
  });
}

/** How a location is named in messages: the path, or the URL with its password redacted. */
export function shownLocation(location: StoreLocation): string {
  return location.kind === "sqlite" ? location.path : location.shown;
}
