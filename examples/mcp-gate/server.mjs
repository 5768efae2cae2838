// A tiny help-desk MCP server (stdio), built with the MCP server SDK: the upstream that `reins mcp-proxy` fronts.
import { Server } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";

const tickets = new Map([
  ["T-1", { id: "T-1", subject: "Cannot log in", status: "open" }],
  ["T-2", { id: "T-2", subject: "Invoice is wrong", status: "open" }],
]);
const text = (value) => ({ content: [{ type: "text", text: value }] });
const object = (properties) => ({ type: "object", properties, required: Object.keys(properties) });

serveStdio(() => {
  const server = new Server({ name: "help-desk", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler("tools/list", async () => ({
    tools: [
      {
        name: "search_tickets",
        description: "Find open tickets by a word of their subject",
        inputSchema: object({ query: { type: "string" } }),
      },
      {
        name: "close_ticket",
        description: "Close a ticket with a resolution",
        inputSchema: object({ id: { type: "string" }, resolution: { type: "string" } }),
      },
      {
        name: "email_customer",
        description: "Email the customer of a ticket",
        inputSchema: object({ id: { type: "string" }, body: { type: "string" } }),
      },
      { name: "delete_all_tickets", description: "Delete every ticket", inputSchema: object({}) },
    ],
  }));
  server.setRequestHandler("tools/call", async ({ params }) => {
    const args = params.arguments ?? {};
    switch (params.name) {
      case "search_tickets": {
        const found = [...tickets.values()].filter((t) =>
          t.subject.toLowerCase().includes(String(args.query).toLowerCase()),
        );
        return text(found.map((t) => `${t.id} [${t.status}] ${t.subject}`).join("\n") || "no tickets");
      }
      case "close_ticket": {
        const ticket = tickets.get(args.id);
        if (!ticket) return { content: [{ type: "text", text: `no ticket ${args.id}` }], isError: true };
        ticket.status = "closed";
        console.error(`[help-desk] closed ${args.id}: ${args.resolution}`);
        return text(`closed ${args.id}`);
      }
      case "email_customer":
        return text(`emailed the customer of ${args.id}`);
      case "delete_all_tickets":
        tickets.clear();
        return text("deleted");
      default:
        return { content: [{ type: "text", text: `unknown tool ${params.name}` }], isError: true };
    }
  });
  return server;
});
