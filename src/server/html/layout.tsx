import type { Child } from "hono/jsx";
import { assetPaths } from "../assets/assets.js";
import type { ServerUser } from "../auth/roles.js";
import type { NavEntry } from "../server-env.js";
import { CsrfInput } from "./forms.js";

export interface LayoutProps {
  title: string;
  /** The request's path, to mark the current navigation entry. */
  path: string;
  nav: readonly NavEntry[];
  user: ServerUser;
  /** The session's CSRF token; absent for API clients (who get JSON, not pages). */
  csrfToken: string | undefined;
  version: string;
  children: Child;
}

/** Every page's frame: navigation, who is signed in, the page, and the package's own style sheet and script. */
export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Reins`}</title>
        <link rel="stylesheet" href={assetPaths.style} />
        <link rel="icon" href={assetPaths.icon} type="image/svg+xml" />
        <script src={assetPaths.script} defer />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">
            Reins
          </a>
          <nav>
            {props.nav.map((entry) => (
              <a
                href={entry.href}
                aria-current={
                  props.path === entry.href || props.path.startsWith(`${entry.href}/`) ? "page" : undefined
                }
              >
                {entry.label}
              </a>
            ))}
          </nav>
          <div class="who">
            <span>
              {props.user.name} · {props.user.role}
            </span>
            {props.csrfToken === undefined ? null : (
              <form method="post" action="/logout">
                <CsrfInput token={props.csrfToken} />
                <button type="submit">Sign out</button>
              </form>
            )}
          </div>
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <footer>Reins {props.version}</footer>
      </body>
    </html>
  );
}
