import { createHash } from "node:crypto";
import type { Hono } from "hono";
import type { ServerEnv } from "../server-env.js";
import { baseScript } from "./client.js";
import { pagesStyle } from "./pages-style.js";
import { baseStyle } from "./style.js";

/**
 * The dashboard's static files, compiled into the package. A feature that needs more style or script adds its
 * string to these lists (in its own file) rather than a second file: every page loads exactly these two.
 */
const styles: readonly string[] = [baseStyle, pagesStyle];
const scripts: readonly string[] = [baseScript];

interface Asset {
  body: string;
  type: string;
  etag: string;
}

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
}

/** The paths the layout links to. */
export const assetPaths = {
  style: "/assets/reins.css",
  script: "/assets/reins.js",
  icon: "/assets/favicon.svg",
} as const;

// A rein's ring: the tab's icon (without one, every page load asks for /favicon.ico and logs a 404).
const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6" fill="none" stroke="#1f5fbf" stroke-width="3"/></svg>';

/**
 * Serves the two files. Public (no token needed): they are the package's own code, the same for everyone, and the
 * sign-in page uses the style sheet.
 */
export function registerAssets(app: Hono<ServerEnv>): void {
  const files = new Map<string, Asset>([
    [assetPaths.style, asset(styles.join("\n"), "text/css; charset=utf-8")],
    [assetPaths.script, asset(scripts.join("\n"), "text/javascript; charset=utf-8")],
    [assetPaths.icon, asset(icon, "image/svg+xml")],
  ]);
  for (const [path, file] of files) {
    app.get(path, (c) => {
      c.header("ETag", file.etag);
      c.header("Cache-Control", "no-cache");
      if (c.req.header("if-none-match") === file.etag) return c.body(null, 304);
      c.header("Content-Type", file.type);
      return c.body(file.body);
    });
  }
}
