import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../errors/codes.js";
import { ValidationError } from "../../errors/validation-error.js";
import { sha256Hex } from "./credentials.js";
import { parseUsersFile } from "./users-file.js";

const token = "a-token-of-at-least-24-chars";

function problems(text: string, file = "users.yaml"): string[] {
  try {
    parseUsersFile(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe(ErrorCode.ServeUsersInvalid);
    return (error as ValidationError).issues.map((i) => `${i.line}:${i.path} ${i.message}`);
  }
  throw new Error("expected the file to be refused");
}

describe("the --users file", () => {
  it("reads users with a token or its sha256, keeping only digests", () => {
    const credentials = parseUsersFile(
      `version: 1\nusers:\n  - name: ana\n    role: approver\n    token: ${token}\n  - name: bo\n    role: viewer\n    tokenSha256: ${sha256Hex("bo-token-0123456789abcdefgh")}\n`,
      "users.yaml",
    );
    expect(credentials).toEqual([
      { user: { name: "ana", role: "approver" }, tokenSha256: sha256Hex(token) },
      { user: { name: "bo", role: "viewer" }, tokenSha256: sha256Hex("bo-token-0123456789abcdefgh") },
    ]);
  });

  it("locates an unknown role, a short token, a missing token and an unknown field", () => {
    expect(
      problems(
        `version: 1\nusers:\n  - name: ana\n    role: owner\n    token: ${token}\n  - name: bo\n    role: viewer\n    token: short\n  - name: cy\n    role: admin\n  - name: di\n    role: admin\n    token: ${token}x\n    email: di@x\n`,
      ),
    ).toEqual([
      '4:users[0].role must be one of "viewer", "reviewer", "approver", "admin", got "owner"',
      "8:users[1].token must be at least 24 characters",
      "9:users[2] needs exactly one of token or tokenSha256",
      "14:users[3].email is not a known field (check the spelling or remove it)",
    ]);
  });

  it("refuses a name or a token used twice, and a file of another version", () => {
    expect(
      problems(
        `version: 1\nusers:\n  - { name: ana, role: admin, token: ${token} }\n  - { name: ana, role: viewer, token: ${token} }\n`,
      ),
    ).toEqual([
      '4:users[1].name "ana" is already users[0]: each name once',
      "4:users[1].token is the same token as users[0]: each user needs a token of their own",
    ]);
    expect(problems(`version: 2\nusers: []\n`)).toEqual([
      "1:version must be one of 1, got number 2",
      "2:users must list at least one user",
    ]);
  });
});
