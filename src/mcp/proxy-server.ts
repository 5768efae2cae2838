import { type CallToolResult, Server, type Tool } from "@modelcontextprotocol/server";
import { toolHints } from "./annotations.js";
import { type ProxiedCall, type ProxyCallOptions, proxyCall } from "./proxy-call.js";
import type { UpstreamTool } from "./upstream.js";

export interface McpProxyOptions extends ProxyCallOptions {
  /** The upstream's tools as it listed them, by name: their input schemas are passed on as listed. */
  listed: ReadonlyMap<string, UpstreamTool>;
  /** The proxy's name and version, as MCP clients see them. */
  serverInfo: { name: string; version: string };
}

/** The gate in front of an upstream MCP server: what it exposes, and each call through the gate. */
export interface McpProxy {
  /** The tools the charter allows (and does not forbid) that the upstream offers, with hints from their cards. */
  tools(): Tool[];
  call(name: string, args: unknown): Promise<CallToolResult>;
  /** An MCP server (low-level, one per connection or request) that serves `tools` and `call`. */
  server(): Server;
}

export function createMcpProxy(options: McpProxyOptions): McpProxy {
  const { charter, registry } = options;
  const exposed = charter.tools.allowed.filter(
    (name) => registry.has(name) && !charter.tools.forbidden.includes(name),
  );
  const tools = (): Tool[] =>
    exposed.map((name) => {
      const card = registry.get(name);
      const listed = options.listed.get(name);
      if (card === undefined || listed === undefined) throw new Error(`no card for exposed tool ${name}`);
      return {
        name,
        ...(listed.title === undefined ? {} : { title: listed.title }),
        description: card.purpose,
        inputSchema: listed.inputSchema as Tool["inputSchema"],
        annotations: toolHints(card),
      };
    });
  const call = async (name: string, args: unknown): Promise<CallToolResult> =>
    toCallToolResult(await proxyCall(options, name, args));
  return {
    tools,
    call,
    server() {
      const server = new Server(options.serverInfo, {
        capabilities: { tools: {} },
        instructions: `Tools of this server pass through the Reins gate of workflow "${charter.name}": a call may be denied, recorded without executing (shadow mode), or wait for a human's approval; the result says which.`,
      });
      server.setRequestHandler("tools/list", async () => ({ tools: tools() }));
      server.setRequestHandler("tools/call", async (request) =>
        call(request.params.name, request.params.arguments),
      );
      return server;
    },
  };
}

/** A proxied call as an MCP tool result: the upstream's checked result, or Reins' explanation (`isError` unless shadowed). */
export function toCallToolResult(proxied: ProxiedCall): CallToolResult {
  const where = proxied.runId === undefined ? "" : ` [reins run ${proxied.runId}]`;
  if (proxied.type === "executed") return proxied.output as CallToolResult;
  return { content: [{ type: "text", text: `${proxied.text}${where}` }], isError: proxied.isError };
}
