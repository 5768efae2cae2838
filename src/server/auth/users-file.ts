import { extname } from "node:path";
import { z } from "zod";
import { ErrorCode } from "../../errors/codes.js";
import { ValidationError, type ValidationIssue } from "../../errors/validation-error.js";
import {
  type LocatedDocument,
  locateZodIssues,
  parseJsonDocument,
  parseLocatedDocument,
} from "../../files/located-document.js";
import { readUserFile } from "../../files/read-user-file.js";
import { type Credential, sha256Hex } from "./credentials.js";
import { roles } from "./roles.js";

/** The shortest token accepted in a users file or from `--token` / `REINS_SERVE_TOKEN`. */
export const minTokenLength = 24;

const userSchema = z
  .strictObject({
    name: z.string().trim().min(1, "must not be empty"),
    role: z.enum(roles),
    token: z.string().min(minTokenLength, `must be at least ${minTokenLength} characters`).optional(),
    tokenSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "must be the sha256 of the token, 64 lowercase hex digits")
      .optional(),
  })
  .refine((u) => (u.token === undefined) !== (u.tokenSha256 === undefined), {
    message: "needs exactly one of token or tokenSha256",
  });

/** The `--users` file: format version 1, a list of users, each a name, a role and a token (or its sha256). */
export const usersFileSchema = z.strictObject({
  version: z.literal(1),
  users: z.array(userSchema).min(1, "must list at least one user"),
});

/** Parses a users file's text; every problem is located (file, line, field) in one ValidationError. */
export function parseUsersFile(text: string, file: string): Credential[] {
  const doc: LocatedDocument =
    extname(file).toLowerCase() === ".json"
      ? parseJsonDocument(text, file)
      : parseLocatedDocument(text, file);
  const hint =
    "the users file is version: 1 and a list users: of { name, role (viewer | reviewer | approver | admin), token or tokenSha256 }";
  const parsed = usersFileSchema.safeParse(doc.value, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError({
      code: ErrorCode.ServeUsersInvalid,
      issues: locateZodIssues(parsed.error.issues, doc),
      hint,
    });
  }
  const issues: ValidationIssue[] = [];
  const names = new Map<string, number>();
  const digests = new Map<string, number>();
  const credentials = parsed.data.users.map((user, index) => {
    const tokenSha256 = user.tokenSha256 ?? sha256Hex(user.token ?? "");
    const sameName = names.get(user.name);
    if (sameName !== undefined) {
      issues.push({
        ...doc.locate(["users", index, "name"]),
        path: `users[${index}].name`,
        message: `"${user.name}" is already users[${sameName}]: each name once`,
      });
    }
    const sameToken = digests.get(tokenSha256);
    if (sameToken !== undefined) {
      const field = user.token === undefined ? "tokenSha256" : "token";
      issues.push({
        ...doc.locate(["users", index, field]),
        path: `users[${index}].${field}`,
        message: `is the same token as users[${sameToken}]: each user needs a token of their own`,
      });
    }
    names.set(user.name, index);
    digests.set(tokenSha256, index);
    return { user: { name: user.name, role: user.role }, tokenSha256 };
  });
  if (issues.length > 0) throw new ValidationError({ code: ErrorCode.ServeUsersInvalid, issues, hint });
  return credentials;
}

/** Reads and parses a `--users` file. */
export async function loadUsersFile(file: string): Promise<Credential[]> {
  const text = await readUserFile(file, { what: "users file", hint: "check the --users path" });
  return parseUsersFile(text, file);
}
