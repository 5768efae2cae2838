import { createHash, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Command } from "commander";
import { autonomyLevels } from "../../charter/charter.js";
import { loadCharter } from "../../charter/load-charter.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { type CardsFile, loadCardsFile } from "../../mcp/cards-file.js";
import type { McpProxy } from "../../mcp/proxy-server.js";
import type { Upstream } from "../../mcp/upstream.js";
import { upstreamCards } from "../../mcp/upstream-cards.js";
import { findCharterFiles } from "../../workflow/find-charters.js";
import { loadWorkflow } from "../../workflow/load-workflow.js";
import { withStore } from "../cli-store.js";
import type { Io } from "../io.js";
import { positiveInt } from "../positive-int.js";
import { version } from "../version.js";
import { parseAutonomy } from "./run.js";

interface McpProxyFlags {
  cards?: string;
  store?: string;
  autonomy?: string;
  http?: boolean;
  port: string;
  token?: string;
  env: string[];
  upstreamTimeout: string;
  maxResultBytes: string;
}

/** The shortest bearer token accepted: a guessable one would open the gate to anyone on the machine. */
const minTokenLength = 16;

export function registerMcpProxy(program: Command, io: Io): void {
  program
    .command("mcp-proxy")
    .description(
      "serve an MCP server's tools to an MCP client through the gate: each call is a run of <charter> (stdio, or --http)",
    )
    .argument("<charter>", "the workflow: a charter file or its folder (policies.ts beside it is loaded)")
    .argument("<command...>", "the upstream MCP server to start (stdio), after `--`")
    .option(
      "--cards <file>",
      "tool cards for the upstream's tools (YAML or JSON): effect, protected fields, …",
    )
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .option("--autonomy <level>", `lower the charter's autonomy: ${autonomyLevels.join(" | ")}`)
    .option("--http", "serve streamable HTTP on 127.0.0.1 instead of stdio; needs a token")
    .option("--port <n>", "the HTTP port (0: any free one, printed on stderr)", "0")
    .option("--token <token>", "the bearer token HTTP clients must send (or REINS_MCP_TOKEN)")
    .option(
      "--env <NAME[=value]>",
      "pass an environment variable to the upstream (it gets only these and a few safe defaults); repeatable",
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option("--upstream-timeout <seconds>", "how long starting and listing the upstream may take", "30")
    .option("--max-result-bytes <n>", "the largest upstream result passed on (bigger is blocked)", "1048576")
    .action(async (target: string, command: string[], flags: McpProxyFlags) => {
      const settings = checkFlags(flags);
      const charterFile = await singleCharter(target);
      // The charter and the cards are checked before anything starts.
      const bare = await loadCharter(charterFile);
      const autonomy = parseAutonomy(flags.autonomy, bare.autonomy);
      checkRunInput(bare.input, charterFile);
      const cards = flags.cards === undefined ? undefined : await loadCardsFile(flags.cards);
      const [executable, ...args] = command;
      if (executable === undefined) throw usage("name the upstream MCP server's command after `--`");
      // The MCP SDK and the HTTP server are loaded only by this command: every other command starts without them.
      const { connectUpstream } = await import("../../mcp/upstream.js");
      const upstream = await connectUpstream({
        command: executable,
        args,
        env: settings.env,
        timeoutMs: settings.upstreamTimeoutMs,
        onGone: (why) =>
          io.err(
            `reins mcp-proxy: ${why}; calls are now answered with an error result (each recorded) until the proxy is restarted`,
          ),
      });
      try {
        await serveProxy({ io, charterFile, cards, upstream, flags, settings, autonomy, command });
      } finally {
        await upstream.close();
      }
    });
}

interface Settings {
  env: Record<string, string>;
  upstreamTimeoutMs: number;
  maxResultBytes: number;
  http: { port: number; token: string } | undefined;
}

async function serveProxy(options: {
  io: Io;
  charterFile: string;
  cards: CardsFile | undefined;
  upstream: Upstream;
  flags: McpProxyFlags;
  settings: Settings;
  autonomy: ReturnType<typeof parseAutonomy>;
  command: string[];
}): Promise<void> {
  const { io, upstream, settings } = options;
  const made = upstreamCards({ upstream, cards: options.cards, maxResultBytes: settings.maxResultBytes });
  // Said first: a charter that allows a tool left out here fails next, naming the tool as unknown.
  for (const { name, reason } of made.skipped)
    io.err(`reins mcp-proxy: upstream tool "${name}" is not offered: ${reason}`);
  const workflow = await loadWorkflow(options.charterFile, { registry: made.registry });
  const { charter } = workflow;
  const notCarded = made.uncarded.filter((name) => charter.tools.allowed.includes(name));
  if (notCarded.length > 0)
    io.err(
      `reins mcp-proxy: no card for ${notCarded.join(", ")} in ${options.cards?.file ?? "(no --cards file)"}: guarded as non-idempotent actions`,
    );
  await withStore(
    options.flags,
    async ({ store, audit }) => {
      const { createMcpProxy } = await import("../../mcp/proxy-server.js");
      const proxy = createMcpProxy({
        charter,
        registry: workflow.registry,
        policies: workflow.policies,
        store,
        audit,
        listed: made.listed,
        serverInfo: { name: "reins-mcp-proxy", version },
        ...(options.autonomy ? { autonomy: options.autonomy } : {}),
      });
      const exposed = proxy.tools().map((tool) => tool.name);
      io.err(
        `reins mcp-proxy: ${charter.name} v${charter.version} in front of \`${options.command.join(" ")}\`: exposing ${exposed.join(", ") || "no tools"}`,
      );
      if (settings.http) await serveHttp(io, proxy, settings.http);
      else await serveOnStdio(proxy);
    },
    charter.redact,
  );
}

/** Serves until the client closes stdin (or the process is told to stop). */
async function serveOnStdio(proxy: McpProxy): Promise<void> {
  const { serveStdio } = await import("@modelcontextprotocol/server/stdio");
  const handle = serveStdio(() => proxy.server());
  await ended([(done) => process.stdin.once("end", done), (done) => process.stdin.once("close", done)]);
  await handle.close();
}

/** Serves streamable HTTP on 127.0.0.1 until the process is told to stop; a request without the token gets 401. */
async function serveHttp(io: Io, proxy: McpProxy, http: { port: number; token: string }): Promise<void> {
  const { createMcpHandler, hostHeaderValidationResponse, localhostAllowedHostnames } = await import(
    "@modelcontextprotocol/server"
  );
  const { serve } = await import("@hono/node-server");
  const handler = createMcpHandler(() => proxy.server());
  const expected = digest(http.token);
  const server = serve({
    hostname: "127.0.0.1",
    port: http.port,
    fetch: async (request: Request) => {
      const badHost = hostHeaderValidationResponse(request, localhostAllowedHostnames());
      if (badHost) return badHost;
      if (!bearerMatches(request.headers.get("authorization"), expected)) {
        return new Response(
          JSON.stringify({
            error: "unauthorized",
            message: "send the proxy's token: Authorization: Bearer <token>",
          }),
          {
            status: 401,
            headers: {
              "content-type": "application/json",
              "www-authenticate": 'Bearer realm="reins-mcp-proxy"',
            },
          },
        );
      }
      return handler.fetch(request);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  }).catch((error: NodeJS.ErrnoException) => {
    throw usage(`cannot listen on 127.0.0.1:${http.port}: ${error.code ?? error.message}`);
  });
  const { port } = server.address() as AddressInfo;
  io.err(`reins mcp-proxy: listening on http://127.0.0.1:${port}/mcp`);
  await ended([]);
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Resolves on SIGINT, SIGTERM or any of `also`: the session is over, and what it wrote is closed in order. */
function ended(also: ((done: () => void) => void)[]): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
    for (const listen of also) listen(done);
  });
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/** Compares digests in constant time, so the token cannot be found a byte at a time from response times. */
function bearerMatches(header: string | null, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}

function checkFlags(flags: McpProxyFlags): Settings {
  const env: Record<string, string> = {};
  for (const entry of flags.env) {
    const at = entry.indexOf("=");
    const name = at === -1 ? entry : entry.slice(0, at);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw usage(`--env takes NAME or NAME=value, got "${entry}"`, "--env");
    const value = at === -1 ? process.env[name] : entry.slice(at + 1);
    if (value === undefined) throw usage(`--env ${name}: no such variable in this environment`, "--env");
    env[name] = value;
  }
  const settings: Settings = {
    env,
    upstreamTimeoutMs: positiveInt(flags.upstreamTimeout, "--upstream-timeout", 3600) * 1000,
    maxResultBytes: positiveInt(flags.maxResultBytes, "--max-result-bytes", 256 * 1024 * 1024),
    http: undefined,
  };
  if (!flags.http) {
    if (flags.token !== undefined || flags.port !== "0")
      throw usage("--token and --port apply to --http only; add --http to serve HTTP", "--http");
    return settings;
  }
  const token = flags.token ?? process.env.REINS_MCP_TOKEN;
  if (token === undefined || token.length < minTokenLength)
    throw usage(
      `--http needs a bearer token of at least ${minTokenLength} characters: --token <token> or REINS_MCP_TOKEN`,
      "--token",
    );
  const port = flags.port === "0" ? 0 : positiveInt(flags.port, "--port", 65_535);
  settings.http = { port, token };
  return settings;
}

async function singleCharter(target: string): Promise<string> {
  const files = await findCharterFiles(target);
  if (files.length > 1)
    throw usage(`${target} holds ${files.length} charters; name one: ${files.join(", ")}`);
  return files[0] as string;
}

/** Each proxied call is a run whose input is `{ tool, arguments }`: the charter's input schema must accept it. */
function checkRunInput(input: { safeParse(value: unknown): { success: boolean } }, file: string): void {
  if (input.safeParse({ tool: "any_tool", arguments: {} }).success) return;
  throw new UserError({
    code: ErrorCode.CharterInvalid,
    message: `${file}: input: must accept a proxied call's run input, { tool, arguments }`,
    file,
    path: "input",
    hint: "give the proxy's charter `input: { type: object }` (see docs/integrations/mcp.md)",
  });
}

function usage(message: string, path?: string): UserError {
  return new UserError({ code: ErrorCode.Usage, message, ...(path === undefined ? {} : { path }) });
}
