import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import type { Credential } from "../../server/index.js";
import { resolveAuditKey } from "../audit-key.js";
import { withStore } from "../cli-store.js";
import { osUser } from "../decided-by.js";
import type { Io } from "../io.js";
import { version } from "../version.js";
import { readServedInputs, servedWorkflows } from "./serve-workflows.js";

interface ServeFlags {
  port: string;
  host: string;
  store?: string;
  token?: string;
  users?: string;
  allowRemote?: boolean;
  workflow?: string[];
  shadow?: string[];
}

function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `--port must be a port number from 0 to 65535, got "${value}"`,
      path: "--port",
      hint: "0 picks a free port",
    });
  }
  return port;
}

/** The one token of a server without a users file: `--token`, else `REINS_SERVE_TOKEN`, else a new random one. */
function singleToken(
  flags: ServeFlags,
  minTokenLength: number,
): {
  token: string;
  source: "--token" | "REINS_SERVE_TOKEN" | "generated";
} {
  const given = flags.token ?? process.env.REINS_SERVE_TOKEN;
  if (given === undefined || given === "")
    return { token: randomBytes(24).toString("base64url"), source: "generated" };
  const source = flags.token === undefined ? "REINS_SERVE_TOKEN" : "--token";
  if (given.length < minTokenLength || /\s/.test(given)) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `${source} must be at least ${minTokenLength} characters with no spaces, got ${given.length} characters`,
      path: source,
      hint: "drop it to have reins serve make one, or use a long random string (openssl rand -base64 32)",
    });
  }
  return { token: given, source };
}

export function registerServe(program: Command, io: Io): void {
  program
    .command("serve")
    .description(
      "the dashboard: runs, approvals, workflows, evals and reviews in a browser, on the same store",
    )
    .option("--port <n>", "the port (0 picks a free one)", "4173")
    .option("--host <address>", "the address to listen on; only loopback unless --allow-remote", "127.0.0.1")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .option("--token <token>", "the token that signs in as admin (default REINS_SERVE_TOKEN, else a new one)")
    .option("--users <file>", "a users file: each user's name, role and token (instead of one admin token)")
    .option("--allow-remote", "listen on a non-loopback --host (plain HTTP: put TLS in front of it)")
    .option(
      "--workflow <dirs...>",
      "workflow folders (or charter files): reviews of their runs can be recorded, autonomy checked",
    )
    .option(
      "--shadow <files...>",
      "shadow reports (reins shadow --out): disagreements first in the review queue; read by weekly and autonomy",
    )
    .action(async (flags: ServeFlags) => {
      // The web server is loaded only by this command: every other command starts without it.
      const {
        createCredentials,
        createServerApp,
        isLoopbackHost,
        loadUsersFile,
        minTokenLength,
        sha256Hex,
        startServer,
      } = await import("../../server/index.js");
      const port = parsePort(flags.port);
      if (!isLoopbackHost(flags.host) && !flags.allowRemote) {
        throw new UserError({
          code: ErrorCode.Usage,
          message: `--host ${flags.host} is not a loopback address: the dashboard would be reachable from other machines over plain HTTP`,
          path: "--host",
          hint: "keep the default 127.0.0.1 (reach it through an SSH tunnel), or add --allow-remote behind a TLS proxy",
        });
      }
      if (flags.users !== undefined && flags.token !== undefined) {
        throw new UserError({
          code: ErrorCode.Usage,
          message: "--token and --users are two ways to say who signs in: give one",
          path: "--token",
          hint: "with --users, every token is in the users file",
        });
      }
      let credentials: Credential[];
      let signIn: string;
      if (flags.users !== undefined) {
        credentials = await loadUsersFile(flags.users);
        signIn = `sign in with your token from ${flags.users}: open the address with ?token=<your token>`;
      } else {
        const { token, source } = singleToken(flags, minTokenLength);
        credentials = [{ user: { name: osUser(), role: "admin" }, tokenSha256: sha256Hex(token) }];
        signIn =
          source === "generated"
            ? `open ?token=${token}`
            : `sign in with the token from ${source}: open the address with ?token=<token>`;
      }
      const auditKey = await resolveAuditKey({});
      const served = await readServedInputs(flags);
      await withStore(flags, async ({ store, audit }) => {
        const app = createServerApp({
          context: {
            store,
            audit,
            version,
            operator: osUser(),
            ...(auditKey === undefined ? {} : { auditKey }),
            now: () => new Date(),
            workflows: servedWorkflows(store, served.workflows),
            shadowReports: served.shadowReports,
          },
          credentials: createCredentials(credentials),
        });
        const server = await startServer({ app, host: flags.host, port });
        if (!isLoopbackHost(flags.host)) {
          io.err(
            `reins serve: warning: listening on ${flags.host}, reachable from other machines over plain HTTP; tokens and cookies cross the network unencrypted unless a TLS proxy is in front`,
          );
        }
        io.out(`reins serve: listening on ${server.origin}`);
        io.out(
          signIn.startsWith("open ?token=")
            ? `open ${server.origin}/${signIn.slice("open ".length)}`
            : `${signIn} (${server.origin}/)`,
        );
        io.out("press Ctrl-C to stop");
        await new Promise<void>((done) => {
          process.once("SIGINT", done);
          process.once("SIGTERM", done);
        });
        await server.close();
        io.out("reins serve: stopped");
      });
    });
}
