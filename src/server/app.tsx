import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { timeout } from "hono/timeout";
import { ReinsError, UserError } from "../errors/reins-error.js";
import { registerAssets } from "./assets/assets.js";
import { authMiddleware, sessionCookie } from "./auth/auth-middleware.js";
import type { Credentials } from "./auth/credentials.js";
import { csrfMiddleware } from "./auth/csrf.js";
import { createSessions, type Sessions } from "./auth/sessions.js";
import { errorStatus, NotFoundError } from "./error-status.js";
import { features as allFeatures } from "./features.js";
import { renderPage } from "./page.js";
import { securityHeaders } from "./security-headers.js";
import type { ServerContext, ServerEnv, ServerFeature } from "./server-env.js";

export interface ServerAppOptions {
  context: ServerContext;
  /** The tokens the server accepts (see `createCredentials`). */
  credentials: Credentials;
  /** The browser sessions; default: in memory, a session lasting 12 hours. */
  sessions?: Sessions;
  /** The features served (default: all of `features.ts`). */
  features?: readonly ServerFeature[];
  /** The longest a request may take before it is answered 504 (default 15 s). */
  requestTimeoutMs?: number;
  /** The largest request body read (default 256 KiB). */
  maxBodyBytes?: number;
}

/**
 * The dashboard as a Hono app: security headers on everything; `/api/health` and the assets public; every other
 * route behind the auth middleware (token, bearer or session cookie) and, when it changes something, the CSRF check.
 */
export function createServerApp(options: ServerAppOptions): Hono<ServerEnv> {
  const { context } = options;
  const features = options.features ?? allFeatures;
  const sessions = options.sessions ?? createSessions({ ttlMs: 12 * 3600_000, max: 10_000 });
  const nav = features.flatMap((f) => (f.nav === undefined ? [] : [f.nav]));
  const app = new Hono<ServerEnv>();

  app.use("*", securityHeaders());
  app.use("*", timeout(options.requestTimeoutMs ?? 15_000));
  app.use("*", bodyLimit({ maxSize: options.maxBodyBytes ?? 256 * 1024 }));
  app.get("/api/health", (c) => c.json({ ok: true, version: context.version }));
  registerAssets(app);
  app.use("*", authMiddleware({ credentials: options.credentials, sessions }));
  app.use("*", csrfMiddleware());
  app.use("*", async (c, next) => {
    c.set("nav", nav);
    c.header("Cache-Control", "no-store");
    await next();
  });
  app.post("/logout", (c) => {
    const session = c.get("session");
    if (session !== undefined) sessions.delete(session.id);
    c.header("Set-Cookie", `${sessionCookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`);
    return c.redirect("/", 303);
  });
  for (const feature of features) feature.register(app, context);

  app.notFound((c) => {
    if (c.req.path.startsWith("/api/")) {
      return c.json({ error: { code: "not_found", message: `no route ${c.req.method} ${c.req.path}` } }, 404);
    }
    return c.text(`404 Not Found: ${c.req.path}`, 404);
  });
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    const status = errorStatus(error);
    const known = ReinsError.isInstance(error) || error instanceof NotFoundError;
    const message = known ? error.message : "internal error (see the server's log)";
    const code = ReinsError.isInstance(error) ? error.code : known ? "not_found" : "internal";
    if (status === 500) console.error(`reins serve: ${c.req.method} ${c.req.path}:`, error);
    if (c.req.path.startsWith("/api/")) {
      const hint = UserError.isInstance(error) ? error.hint : undefined;
      return c.json({ error: { code, message, ...(hint === undefined ? {} : { hint }) } }, status);
    }
    if (c.get("user") === undefined) return c.text(`${status}: ${message}`, status);
    return renderPage(
      c,
      context,
      status === 500 ? "Something went wrong" : "That did not work",
      <div class="notice bad">
        <p>{message}</p>
        {UserError.isInstance(error) && error.hint ? <p class="muted">{error.hint}</p> : null}
      </div>,
      status === 500 ? 400 : status,
    );
  });
  return app;
}
