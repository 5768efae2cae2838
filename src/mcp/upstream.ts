import { Client } from "@modelcontextprotocol/client";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { ErrorCode } from "../errors/codes.js";
import { SystemError } from "../errors/reins-error.js";

/** A tool as the upstream MCP server lists it (untrusted: checked where it is turned into a card). */
export interface UpstreamTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** The upstream MCP server, started as a child process and spoken to as an MCP client. */
export interface Upstream {
  /** What it offered when it started. */
  readonly tools: readonly UpstreamTool[];
  /** Calls a tool; resolves with the result the client SDK accepted, rejects on a protocol error or a closed server. */
  call(name: string, args: unknown, options: { timeoutMs: number; signal?: AbortSignal }): Promise<unknown>;
  /** Why the server is gone (its process exited or closed its stdio), or undefined while it serves. */
  gone(): string | undefined;
  close(): Promise<void>;
}

export interface ConnectUpstreamOptions {
  command: string;
  args: readonly string[];
  /** The server's environment: only these variables (plus the MCP SDK's short list of safe defaults). */
  env?: Readonly<Record<string, string>>;
  /** Bounds starting the server and listing its tools. */
  timeoutMs: number;
  /** Told once when the server goes away. */
  onGone?: (why: string) => void;
  /** Largest message read from the server, in bytes (the SDK's limit: a bigger one closes the connection). */
  maxMessageBytes?: number;
}

/** The most pages of a tool list read: a server that pages forever is not waited on forever. */
const maxToolPages = 50;

/**
 * Starts the upstream MCP server over stdio, connects to it, and lists its tools. Each step is bounded by
 * `timeoutMs`; a server that fails to start or list is a `REINS_MCP_UPSTREAM` error naming the command.
 */
export async function connectUpstream(options: ConnectUpstreamOptions): Promise<Upstream> {
  const commandLine = [options.command, ...options.args].join(" ");
  const transport = new StdioClientTransport({
    command: options.command,
    args: [...options.args],
    env: { ...getDefaultEnvironment(), ...options.env },
    stderr: "inherit",
    ...(options.maxMessageBytes === undefined ? {} : { maxBufferSize: options.maxMessageBytes }),
  });
  const client = new Client({ name: "reins-mcp-proxy", version: "1" });
  let goneReason: string | undefined;
  let closing = false;
  client.onclose = () => {
    if (goneReason !== undefined) return;
    goneReason = closing
      ? "the proxy closed it"
      : "the upstream MCP server closed its connection (its process exited or closed stdout)";
    if (!closing) options.onGone?.(goneReason);
  };
  const fail = (step: string, error: unknown) =>
    new SystemError({
      code: ErrorCode.McpUpstream,
      message: `the upstream MCP server (${commandLine}) ${step}: ${error instanceof Error ? error.message : String(error)}`,
    });
  try {
    await withTimeout(client.connect(transport), options.timeoutMs, "did not finish connecting");
  } catch (error) {
    await transport.close().catch(() => {});
    throw fail("could not be started", error);
  }
  const tools: UpstreamTool[] = [];
  try {
    let cursor: string | undefined;
    for (let page = 0; page < maxToolPages; page++) {
      const listed = await client.listTools(cursor === undefined ? {} : { cursor }, {
        timeout: options.timeoutMs,
      });
      for (const tool of listed.tools) tools.push(upstreamTool(tool));
      cursor = listed.nextCursor;
      if (cursor === undefined) break;
    }
  } catch (error) {
    closing = true;
    await client.close().catch(() => {});
    throw fail("could not list its tools", error);
  }
  return {
    tools,
    async call(name, args, { timeoutMs, signal }) {
      if (goneReason !== undefined) throw new Error(goneReason);
      try {
        return await client.callTool(
          { name, arguments: args as Record<string, unknown> },
          { timeout: timeoutMs, ...(signal ? { signal } : {}) },
        );
      } catch (error) {
        // The SDK's message for a malformed reply lists every schema issue over many lines: one line is kept.
        const code = (error as { code?: unknown })?.code;
        throw new Error(
          `the upstream MCP server ${typeof code === "string" ? `(${code}) ` : ""}failed the call: ${oneLine(error)}`,
        );
      }
    },
    gone: () => goneReason,
    async close() {
      closing = true;
      await client.close().catch(() => {});
    },
  };
}

function upstreamTool(tool: {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema: Record<string, unknown>;
}): UpstreamTool {
  return {
    name: tool.name,
    ...(tool.title === undefined ? {} : { title: tool.title }),
    ...(tool.description === undefined ? {} : { description: tool.description }),
    inputSchema: tool.inputSchema,
  };
}

function oneLine(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Settles as `promise` does, or rejects once `ms` have passed. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
