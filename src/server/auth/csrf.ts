import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { ServerEnv } from "../server-env.js";
import { forbidden } from "./auth-middleware.js";

/** The form field (or, for `fetch`, the header) that carries the session's CSRF token. */
export const csrfField = "_csrf";
export const csrfHeader = "x-csrf-token";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Where the request came from, as the browser says: refused when it says another site. */
function crossSiteReason(c: Context<ServerEnv>): string | undefined {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return `the request came from another site (Sec-Fetch-Site: ${site})`;
  }
  const origin = c.req.header("origin");
  if (origin !== undefined && origin !== new URL(c.req.url).origin) {
    return "the request came from another origin";
  }
  return undefined;
}

/**
 * Every request that changes something: refused with 403 when the browser says it came from another site or
 * origin, and, for a browser session, unless it carries the session's CSRF token (`_csrf` form field or
 * `X-CSRF-Token` header). An API request with `Authorization: Bearer` carries no cookie a third site could ride on.
 * Runs after the auth middleware.
 */
export function csrfMiddleware(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    const cross = crossSiteReason(c);
    if (cross !== undefined) return forbidden(c, cross);
    const session = c.get("session");
    if (session === undefined) return next();
    let presented = c.req.header(csrfHeader);
    if (presented === undefined) {
      const type = c.req.header("content-type") ?? "";
      if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
        const value = (await c.req.parseBody())[csrfField];
        if (typeof value === "string") presented = value;
      }
    }
    if (presented === undefined || !sameText(presented, session.csrfToken)) {
      return forbidden(c, "the form's CSRF token is missing or stale: reload the page and try again");
    }
    return next();
  };
}
