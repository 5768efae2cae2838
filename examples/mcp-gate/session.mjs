// A client session through `reins mcp-proxy`, the way an MCP host (Claude Desktop, VS Code) would run it, with a
// human approving on the side: node examples/mcp-gate/session.mjs. Set REINS_CLI to the `reins` to use (default: this
// checkout's bin/reins.js) and REINS_STORE to keep the store somewhere (default: a temporary folder).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const here = fileURLToPath(new URL(".", import.meta.url));
const reinsCli = process.env.REINS_CLI ?? join(here, "../../bin/reins.js");
const store = process.env.REINS_STORE ?? join(mkdtempSync(join(tmpdir(), "reins-mcp-")), "reins.db");
const env = { ...process.env, REINS_STORE: store };
const reins = (...args) =>
  execFileSync(process.execPath, [reinsCli, ...args], { env, encoding: "utf8" }).trim();

const transport = new StdioClientTransport({
  command: process.execPath,
  args: [
    reinsCli,
    "mcp-proxy",
    join(here, "charter.yaml"),
    "--cards",
    join(here, "cards.yaml"),
    "--",
    process.execPath,
    join(here, "server.mjs"),
  ],
  env,
  stderr: "inherit",
});
const client = new Client({ name: "example-session", version: "1.0.0" });
await client.connect(transport);

const { tools } = await client.listTools();
for (const tool of tools) {
  const hints = Object.entries(tool.annotations ?? {})
    .filter(([, on]) => on)
    .map(([hint]) => hint);
  console.log(`tool ${tool.name}: ${hints.join(", ") || "no hints"}`);
}
const call = async (name, args) => {
  const result = await client.callTool({ name, arguments: args });
  const text = result.content.map((block) => block.text).join(" ");
  console.log(`\n> ${name} ${JSON.stringify(args)}\n< ${result.isError ? "[isError] " : ""}${text}`);
  return text;
};

await call("search_tickets", { query: "invoice" });
await call("delete_all_tickets", {});
const close = { id: "T-2", resolution: "refund issued" };
const waiting = await call("close_ticket", close);
const approvalId = /appr_[0-9a-f]{16}/.exec(waiting)?.[0];
console.log(`\n$ reins approvals approve ${approvalId}\n${reins("approvals", "approve", approvalId)}`);
await call("close_ticket", close);
await call("close_ticket", close);
await call("search_tickets", { query: "invoice" });
await client.close();
console.log(`\n$ reins audit verify\n${reins("audit", "verify")}`);
