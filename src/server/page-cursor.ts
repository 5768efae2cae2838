import type { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** A list's cursor as it travels in `?cursor=`: the position's JSON, base64url-encoded (opaque to readers). */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

/**
 * Reads `?cursor=` back into a position of `schema`; absent or empty is undefined (the first page). One that does
 * not decode (edited, truncated, from another list) is a 400 naming the parameter.
 */
export function decodeCursor<T>(text: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (text === undefined || text === "") return undefined;
  const bad = () =>
    new UserError({
      code: ErrorCode.Usage,
      message: "cursor is not a cursor of this list",
      path: "cursor",
      hint: "follow the page's own next link, or drop cursor to start from the first page",
    });
  if (text.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(text)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw bad();
  return parsed.data;
}
