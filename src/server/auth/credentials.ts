import { createHash, timingSafeEqual } from "node:crypto";
import type { ServerUser } from "./roles.js";

/** One way in: a user and the sha256 (hex) of their token. The server keeps no token in clear. */
export interface Credential {
  user: ServerUser;
  tokenSha256: string;
}

/** The tokens the server accepts, each naming its user. */
export interface Credentials {
  /** The user a presented token belongs to, or undefined. */
  find(token: string): ServerUser | undefined;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Checks a token against every credential, comparing digests in constant time: the answer's timing says nothing
 * about how much of a token was right.
 */
export function createCredentials(list: readonly Credential[]): Credentials {
  const digests = list.map((c) => ({ user: c.user, digest: Buffer.from(c.tokenSha256, "hex") }));
  return {
    find(token) {
      const presented = createHash("sha256").update(token, "utf8").digest();
      let found: ServerUser | undefined;
      for (const entry of digests) {
        if (entry.digest.length === presented.length && timingSafeEqual(entry.digest, presented)) {
          found ??= entry.user;
        }
      }
      return found;
    },
  };
}
