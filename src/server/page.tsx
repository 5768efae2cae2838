import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { requireRole } from "./auth/auth-middleware.js";
import type { Role } from "./auth/roles.js";
import { Layout } from "./html/layout.js";
import type { ServerApp, ServerContext, ServerEnv } from "./server-env.js";

/** Renders `children` in the layout, for a handler that builds its own page (a form's result, an error). */
export async function renderPage(
  c: Context<ServerEnv>,
  context: Pick<ServerContext, "version">,
  title: string,
  children: Child,
  status: 200 | 400 | 403 | 404 | 409 = 200,
): Promise<Response> {
  const session = c.get("session");
  const page = (
    <Layout
      title={title}
      path={c.req.path}
      nav={c.get("nav")}
      user={c.get("user")}
      csrfToken={session?.csrfToken}
      version={context.version}
    >
      {children}
    </Layout>
  );
  // Standards mode: without the doctype, browsers lay the page out in quirks mode.
  return c.html(`<!doctype html>${await page.toString()}`, status);
}

export interface PageRoute<T> {
  /** The page's path (Hono syntax: `/runs/:id`); its JSON twin is the same path under `/api`. */
  path: string;
  /** The least role that may see it (default `viewer`). */
  role?: Role;
  /** What the page shows, as plain data: the JSON twin returns exactly this. */
  load(c: Context<ServerEnv>): Promise<T>;
  title(data: T): string;
  /** The page's body, from the data (and the request, for the CSRF token of its forms). */
  render(data: T, c: Context<ServerEnv>): Child;
}

/**
 * Registers a page and its JSON twin in one call: `GET path` renders `render(load())` in the layout and
 * `GET /api{path}` answers `load()` as JSON, so the API returns what the page shows.
 */
export function registerPage<T>(app: ServerApp, context: ServerContext, route: PageRoute<T>): void {
  const guard = requireRole(route.role ?? "viewer");
  app.get(route.path, guard, async (c) => {
    const data = await route.load(c);
    return renderPage(c, context, route.title(data), route.render(data, c));
  });
  app.get(`/api${route.path}`, guard, async (c) => c.json(await route.load(c)));
}
