import type { Context } from "hono";
import { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { explainZodIssues, formatPath } from "../files/located-document.js";
import { csrfField } from "./auth/csrf.js";
import type { ServerEnv } from "./server-env.js";

/**
 * A POST's fields, from a form (`application/x-www-form-urlencoded`, `multipart/form-data`) or a JSON object,
 * checked with `schema`; the form's `_csrf` field is dropped first (the CSRF middleware read it). A body that does
 * not match is a 400 naming each field.
 */
export async function readFields<T extends z.ZodType>(c: Context<ServerEnv>, schema: T): Promise<z.infer<T>> {
  const type = c.req.header("content-type") ?? "";
  let raw: unknown;
  if (/^application\/json/i.test(type)) {
    raw = await c.req.json().catch(() => {
      throw new UserError({ code: ErrorCode.Usage, message: "the request body is not valid JSON" });
    });
  } else if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    const { [csrfField]: _csrf, ...fields } = await c.req.parseBody();
    raw = fields;
  } else {
    raw = {};
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = explainZodIssues(parsed.error.issues).map(
    ({ path, message }) => `${formatPath(path) || "body"}: ${message}`,
  );
  throw new UserError({ code: ErrorCode.Usage, message: problems.join("; ") });
}

/** A text field a person typed: trimmed, empty read as absent, at most `max` characters. */
export const typedText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((text) => text.trim())
    .optional()
    .transform((text) => (text === "" ? undefined : text));
