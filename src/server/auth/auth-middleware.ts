import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { signInPage } from "../html/sign-in.js";
import type { ServerEnv } from "../server-env.js";
import type { Credentials } from "./credentials.js";
import { hasRole, type Role } from "./roles.js";
import type { Sessions } from "./sessions.js";

export const sessionCookie = "reins_session";

export interface AuthOptions {
  credentials: Credentials;
  sessions: Sessions;
}

/** 401: a JSON body for the API, a page saying how to sign in for the browser. */
async function unauthorized(c: Context<ServerEnv>, why: string): Promise<Response> {
  if (c.req.path.startsWith("/api/")) {
    c.header("WWW-Authenticate", 'Bearer realm="reins"');
    return c.json({ error: { code: "unauthorized", message: why } }, 401);
  }
  return c.html(await signInPage(why), 401);
}

/** The URL without its `token` parameter: where a sign-in redirects, so that the token leaves the address bar. */
function withoutToken(url: URL): string {
  url.searchParams.delete("token");
  const query = url.searchParams.toString();
  return `${url.pathname}${query === "" ? "" : `?${query}`}`;
}

/**
 * Who is asking, for every route registered after it: `Authorization: Bearer <token>` (the API), else the session
 * cookie. A GET with `?token=` exchanges the token for a session cookie (HttpOnly, SameSite=Strict) and redirects to
 * the same address without it. Anything else gets 401.
 */
export function authMiddleware({ credentials, sessions }: AuthOptions): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const user = match?.[1] === undefined ? undefined : credentials.find(match[1]);
      if (user === undefined) return unauthorized(c, "the bearer token is not one this server accepts");
      c.set("user", user);
      c.set("session", undefined);
      return next();
    }
    const url = new URL(c.req.url);
    const token = url.searchParams.get("token");
    if (token !== null && c.req.method === "GET") {
      const user = credentials.find(token);
      if (user === undefined) return unauthorized(c, "that token is not one this server accepts");
      const session = sessions.create(user);
      setCookie(c, sessionCookie, session.id, {
        httpOnly: true,
        sameSite: "Strict",
        path: "/",
        maxAge: Math.floor((session.expiresAt - Date.now()) / 1000),
      });
      c.header("Cache-Control", "no-store");
      return c.redirect(withoutToken(url), 303);
    }
    const id = getCookie(c, sessionCookie);
    const session = id === undefined ? undefined : sessions.get(id);
    if (session === undefined) {
      if (id !== undefined) deleteCookie(c, sessionCookie, { path: "/" });
      return unauthorized(
        c,
        id === undefined ? "this dashboard needs a token" : "your session ended: sign in again",
      );
    }
    c.set("user", session.user);
    c.set("session", session);
    return next();
  };
}

/** 403 unless the signed-in user's role is at least `role`. */
export function requireRole(role: Role): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const user = c.get("user");
    if (!hasRole(user.role, role))
      return forbidden(c, `this needs the ${role} role; ${user.name} is a ${user.role}`);
    return next();
  };
}

/** 403 with a reason: JSON for the API, text otherwise. */
export function forbidden(c: Context<ServerEnv>, why: string): Response {
  if (c.req.path.startsWith("/api/")) return c.json({ error: { code: "forbidden", message: why } }, 403);
  return c.text(`403 Forbidden: ${why}`, 403);
}
