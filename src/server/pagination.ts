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
