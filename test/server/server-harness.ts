import { createAuditLog } from "../../src/audit/audit-log.js";
import { createServerApp } from "../../src/server/app.js";
import { createCredentials, sha256Hex } from "../../src/server/auth/credentials.js";
import type { Role } from "../../src/server/auth/roles.js";
import type { ServerContext } from "../../src/server/server-env.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { openMemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/store.js";

/** One token per role, each user named after the role: `viewer`, `reviewer`, `approver`, `admin`. */
export const tokens: Record<Role, string> = {
  viewer: "viewer-token-0123456789abcdef",
  reviewer: "reviewer-token-0123456789abcdef",
  approver: "approver-token-0123456789abcdef",
  admin: "admin-token-0123456789abcdef",
};

export interface TestServer {
  origin: string;
  store: Store;
  /** `fetch` on the server with a role's bearer token (or none). */
  get(path: string, role?: Role): Promise<Response>;
  /** Signs in as `role` through `?token=` and answers the session cookie and the CSRF token of a page. */
  signIn(role: Role, page?: string): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1 (a free port) over `store` (default: a new memory store). */
export async function startTestServer(
  options: { store?: Store } & Pick<ServerContext, "workflows" | "shadowReports"> = {},
): Promise<TestServer> {
  const store = options.store ?? openMemoryStore();
  const app = createServerApp({
    context: {
      store,
      audit: createAuditLog({ store }),
      version: "test",
      operator: "operator",
      now: () => new Date(),
      ...(options.workflows === undefined ? {} : { workflows: options.workflows }),
      ...(options.shadowReports === undefined ? {} : { shadowReports: options.shadowReports }),
    },
    credentials: createCredentials(
      (Object.entries(tokens) as [Role, string][]).map(([role, token]) => ({
        user: { name: role, role },
        tokenSha256: sha256Hex(token),
      })),
    ),
  });
  const server: RunningServer = await startServer({ app, host: "127.0.0.1", port: 0 });
  const origin = server.origin;
  return {
    origin,
    store,
    get: (path, role) =>
      fetch(`${origin}${path}`, {
        redirect: "manual",
        headers: role === undefined ? {} : { authorization: `Bearer ${tokens[role]}` },
      }),
    async signIn(role, page = "/") {
      const response = await fetch(`${origin}${page}${page.includes("?") ? "&" : "?"}token=${tokens[role]}`, {
        redirect: "manual",
      });
      const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const html = await (await fetch(`${origin}${page}`, { headers: { cookie } })).text();
      const csrf = /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? "";
      return { cookie, csrf };
    },
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}
