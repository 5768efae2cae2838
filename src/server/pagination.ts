import { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** The most rows a list answers at once, and how many it answers unless asked. */
export const maxPageSize = 200;
export const defaultPageSize = 50;

const limitSchema = z.coerce.number().int().min(1).max(maxPageSize);

/**
 * `?limit=` of a list request: 1 to `maxPageSize`, else a 400 naming the parameter. Absent: `defaultPageSize`.
 */
export function pageLimit(value: string | undefined): number {
  if (value === undefined || value === "") return defaultPageSize;
  const parsed = limitSchema.safeParse(value);
  if (!parsed.success) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `limit must be a whole number from 1 to ${maxPageSize}, got "${value}"`,
      path: "limit",
    });
  }
  return parsed.data;
}

/** A page of a list: its rows, and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A cursor as it travels in a URL: the sort key of the last row of a page, base64url JSON. */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

/** The parts of a cursor `encodeCursor` wrote (`count` strings); anything else is a 400 naming the parameter. */
export function decodeCursor(value: string | undefined, count: number): string[] | undefined {
  if (value === undefined || value === "") return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== count || !parts.every((p) => typeof p === "string")) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: "cursor is not one this server gave out",
      path: "cursor",
      hint: "follow the page's next link, or drop cursor to start from the first page",
    });
  }
  return parts as string[];
}

/** The first `limit` rows of `rows` (read with `limit + 1`), and the cursor after them when there are more. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => readonly string[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}
