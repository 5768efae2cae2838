import { randomBytes } from "node:crypto";
import type { ServerUser } from "./roles.js";

/** A browser's sign-in, made when a token is exchanged for the session cookie. */
export interface Session {
  id: string;
  user: ServerUser;
  /** The per-session token every form posts back (`_csrf`). */
  csrfToken: string;
  expiresAt: number;
}

export interface Sessions {
  create(user: ServerUser): Session;
  /** The live session of that id, or undefined (unknown or expired). */
  get(id: string): Session | undefined;
  delete(id: string): void;
}

export interface SessionOptions {
  /** How long a session lasts after sign-in. */
  ttlMs: number;
  /** The most sessions kept; signing in past it drops the oldest. */
  max: number;
  now?: () => number;
}

const newSecret = () => randomBytes(32).toString("base64url");

/** The server's sessions, in memory: a restart signs everyone out (the printed URL signs in again). */
export function createSessions({ ttlMs, max, now = Date.now }: SessionOptions): Sessions {
  // Insertion order is sign-in order: the first entry is the oldest.
  const byId = new Map<string, Session>();
  return {
    create(user) {
      for (const [id, session] of byId) if (session.expiresAt <= now()) byId.delete(id);
      while (byId.size >= max) {
        const oldest = byId.keys().next().value;
        if (oldest === undefined) break;
        byId.delete(oldest);
      }
      const session = { id: newSecret(), user, csrfToken: newSecret(), expiresAt: now() + ttlMs };
      byId.set(session.id, session);
      return session;
    },
    get(id) {
      const session = byId.get(id);
      if (session === undefined) return undefined;
      if (session.expiresAt <= now()) {
        byId.delete(id);
        return undefined;
      }
      return session;
    },
    delete(id) {
      byId.delete(id);
    },
  };
}
