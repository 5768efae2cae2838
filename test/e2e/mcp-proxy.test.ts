import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import { root, type Sandbox, sandbox, until } from "./cli-harness.js";

// `reins mcp-proxy` end to end: the real, built CLI in front of a real upstream MCP server (a fixture built with the
// MCP server SDK), driven by the MCP client SDK. Every effect the upstream really performs is a line in an effects file.
const bin = join(root, "bin/reins.js");
const workflow = "test/fixtures/mcp-proxy";
const cards = "test/fixtures/mcp-proxy/cards.yaml";
const upstream = "test/fixtures/mcp-upstream/server.mjs";

const effects = (s: Sandbox) =>
  existsSync(s.effects)
    ? readFileSync(s.effects, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { tool: string; args: unknown })
    : [];

interface Session {
  client: Client;
  stderr(): string;
}

const open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close().catch(() => {})));
});

/** A client session through `reins mcp-proxy` over stdio, the way an MCP host starts it. */
async function session(s: Sandbox, ...flags: string[]): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      bin,
      "mcp-proxy",
      workflow,
      "--cards",
      cards,
      "--env",
      "MCP_FIXTURE_EFFECTS",
      ...flags,
      "--",
    ].concat([process.execPath, upstream]),
    env: { ...(s.env as Record<string, string>), MCP_FIXTURE_EFFECTS: s.effects },
    cwd: root,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const client = new Client({ name: "reins-test", version: "1.0.0" });
  await client.connect(transport);
  open.push(client);
  return { client, stderr: () => stderr };
}

type Result = Awaited<ReturnType<Client["callTool"]>>;
const textOf = (result: Result) =>
  (result.content as { type: string; text?: string }[]).map((block) => block.text ?? "").join("\n");

async function auditEvents(s: Sandbox, runId: string) {
  const store = await openSqliteStore({ path: s.store, readOnly: true });
  try {
    return (await store.audit.list(runId)).map((event) => ({ type: event.type, data: event.data }));
  } finally {
    await store.close();
  }
}

const runIdOf = (text: string) => /\[reins run (run_[a-z0-9_]+)\]/.exec(text)?.[1] ?? "";

describe("reins mcp-proxy", () => {
  it("lists the allowed upstream tools with hints from their cards' effect class", async () => {
    const { client } = await session(sandbox());
    const { tools } = await client.listTools();
    const hints = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    // delete_everything is offered by the upstream but forbidden by the charter: it is not listed.
    expect(Object.keys(hints)).toEqual([
      "lookup_order",
      "draft_reply",
      "refund_order",
      "send_email",
      "crash",
      "malformed",
      "huge",
      "garbage",
      "fails",
    ]);
    expect(hints.lookup_order).toEqual({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(hints.draft_reply).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(hints.refund_order).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    });
    expect(hints.send_email).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    });
    // The input schema is the upstream's own.
    expect(tools.find((tool) => tool.name === "refund_order")?.inputSchema).toMatchObject({
      type: "object",
      required: ["orderId", "amount"],
    });
  });

  it("executes an allowed call, denies a forbidden, an unknown and an invalid one, and the audit log verifies", async () => {
    const s = sandbox();
    const { client } = await session(s);
    const allowed = await client.callTool({ name: "lookup_order", arguments: { orderId: "A1" } });
    expect(allowed).toEqual({
      content: [{ type: "text", text: "order A1: shipped" }],
      structuredContent: { orderId: "A1", status: "shipped" },
    });

    const forbidden = await client.callTool({ name: "delete_everything", arguments: {} });
    expect(forbidden.isError).toBe(true);
    expect(textOf(forbidden)).toMatch(/^Denied by Reins: .*charter "order-desk" forbids "delete_everything"/);

    const unknown = await client.callTool({ name: "no_such_tool", arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/^Denied by Reins: .*no_such_tool/);

    const invalid = await client.callTool({ name: "refund_order", arguments: { orderId: "A1", amount: -5 } });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/^Denied by Reins: .*amount/);
    expect(effects(s)).toEqual([]);

    const events = await auditEvents(s, runIdOf(textOf(forbidden)));
    expect(events.map((event) => event.type)).toEqual([
      "run.started",
      "context.retrieved",
      "tool.proposed",
      "tool.verdict",
      "run.ended",
    ]);
    expect(events[4]?.data).toMatchObject({
      status: "completed",
      outcome: { type: "proxied", toolName: "delete_everything", status: "denied" },
    });
    expect(s.reins("audit", "verify")).toMatchObject({ code: 0 });
  });

  it("an approval round trip: the call waits, a human approves, the next identical call executes once", async () => {
    const s = sandbox();
    const { client } = await session(s);
    const call = () => client.callTool({ name: "refund_order", arguments: { orderId: "A7", amount: 500 } });

    const waiting = await call();
    expect(waiting.isError).toBe(true);
    const approvalId = /approval (appr_[0-9a-f]{16})/.exec(textOf(waiting))?.[1] ?? "";
    expect(textOf(waiting)).toContain(`reins approvals approve ${approvalId}`);
    expect(textOf(waiting)).toContain("A refund over 100 needs a human's approval.");

    // Before the decision, the same call still waits on the same approval; nothing ran.
    expect(textOf(await call())).toContain(`waits for a human's approval ${approvalId}`);
    expect(effects(s)).toEqual([]);

    const approved = s.reins("approvals", "approve", approvalId);
    expect(approved.code).toBe(0);

    const executed = await call();
    expect(executed).toEqual({ content: [{ type: "text", text: "refund_order done" }] });
    expect(effects(s)).toEqual([{ tool: "refund_order", args: { orderId: "A7", amount: 500 } }]);

    // The approval was spent: the same call again is a new call, which asks again and does not execute.
    const again = await call();
    const secondId = /approval (appr_[0-9a-f]{16})/.exec(textOf(again))?.[1];
    expect(secondId).toMatch(/^appr_/);
    expect(secondId).not.toBe(approvalId);
    expect(effects(s)).toHaveLength(1);

    // A different input is not covered by the approval either.
    const other = await client.callTool({ name: "refund_order", arguments: { orderId: "A7", amount: 501 } });
    expect(textOf(other)).toMatch(/waits for a human's approval appr_/);
    expect(effects(s)).toHaveLength(1);

    const runId = runIdOf(textOf(waiting));
    const types = (await auditEvents(s, runId)).map((event) => event.type);
    expect(types).toContain("approval.requested");
    expect(types).toContain("approval.decided");
    expect(types.filter((type) => type === "tool.executed")).toHaveLength(1);
    expect(s.reins("audit", "verify")).toMatchObject({ code: 0 });
  });

  it("two identical calls at once after an approval: the call executes once", async () => {
    const s = sandbox();
    const { client } = await session(s);
    const call = () => client.callTool({ name: "refund_order", arguments: { orderId: "C3", amount: 250 } });
    const approvalId = /approval (appr_[0-9a-f]{16})/.exec(textOf(await call()))?.[1] ?? "";
    expect(s.reins("approvals", "approve", approvalId).code).toBe(0);
    const results = await Promise.all([call(), call(), call()]);
    const executed = results.filter((result) => textOf(result) === "refund_order done");
    expect(executed).toHaveLength(1);
    expect(effects(s)).toEqual([{ tool: "refund_order", args: { orderId: "C3", amount: 250 } }]);
    // The others were not executed: each says why (the approved call runs elsewhere, or asks again as a new call).
    for (const other of results.filter((result) => textOf(result) !== "refund_order done")) {
      expect(other.isError).toBe(true);
      expect(textOf(other)).toMatch(/^Not executed/);
    }
    expect(s.reins("audit", "verify")).toMatchObject({ code: 0 });
  });

  it("a call waiting under an earlier charter version is not resumed under a new one: the call asks again", async () => {
    const s = sandbox();
    const charter = join(s.dir, "charter.yaml");
    const text = readFileSync(join(root, workflow, "charter.yaml"), "utf8");
    writeFileSync(charter, text);
    const start = async () => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [bin, "mcp-proxy", charter, "--cards", cards, "--", process.execPath, upstream],
        env: s.env as Record<string, string>,
        cwd: root,
        stderr: "ignore",
      });
      const client = new Client({ name: "reins-test", version: "1.0.0" });
      await client.connect(transport);
      open.push(client);
      return client;
    };
    const args = { orderId: "V1", amount: 300 };
    const first = await (await start()).callTool({ name: "refund_order", arguments: args });
    const firstId = /approval (appr_[0-9a-f]{16})/.exec(textOf(first))?.[1];
    expect(firstId).toMatch(/^appr_/);
    writeFileSync(charter, text.replace("version: 1", "version: 2"));
    const second = await (await start()).callTool({ name: "refund_order", arguments: args });
    const secondId = /approval (appr_[0-9a-f]{16})/.exec(textOf(second))?.[1];
    expect(secondId).toMatch(/^appr_/);
    expect(secondId).not.toBe(firstId);
  });

  it("a rejected approval: the next identical call is answered with the rejection, not executed", async () => {
    const s = sandbox();
    const { client } = await session(s);
    const call = () => client.callTool({ name: "refund_order", arguments: { orderId: "B2", amount: 900 } });
    const approvalId = /approval (appr_[0-9a-f]{16})/.exec(textOf(await call()))?.[1] ?? "";
    expect(s.reins("approvals", "reject", approvalId, "--reason", "fraud suspected").code).toBe(0);
    const rejected = await call();
    expect(rejected.isError).toBe(true);
    expect(textOf(rejected)).toMatch(/^Not executed: a human rejected this call \(fraud suspected\)/);
    expect(effects(s)).toEqual([]);
  });

  it("an external tool always waits for a human's approval", async () => {
    const s = sandbox();
    const { client } = await session(s);
    const email = await client.callTool({
      name: "send_email",
      arguments: { to: "c@example.com", body: "hi" },
    });
    expect(textOf(email)).toMatch(
      /waits for a human's approval appr_[0-9a-f]{16} \(.*outside the organisation/,
    );
    expect(effects(s)).toEqual([]);
  });

  it("in shadow mode an action is recorded, not executed, and the result says so; a read still runs", async () => {
    const s = sandbox();
    const { client } = await session(s, "--autonomy", "shadow");
    const shadowed = await client.callTool({
      name: "refund_order",
      arguments: { orderId: "A1", amount: 20 },
    });
    expect(shadowed.isError).toBe(false);
    expect(textOf(shadowed)).toMatch(/^Recorded, not executed: "refund_order" runs in shadow mode/);
    expect(effects(s)).toEqual([]);
    const read = await client.callTool({ name: "lookup_order", arguments: { orderId: "A1" } });
    expect(textOf(read)).toBe("order A1: shipped");
    const types = (await auditEvents(s, runIdOf(textOf(shadowed)))).map((event) => event.type);
    expect(types).toContain("tool.shadowed");
    expect(types).not.toContain("tool.executed");
  });

  it("with toolFailure: pause (the default recovery), a failed call waits and the next identical call retries it", async () => {
    const s = sandbox();
    const charter = join(s.dir, "charter.yaml");
    writeFileSync(
      charter,
      readFileSync(join(root, workflow, "charter.yaml"), "utf8").replace(
        "  toolFailure: continue\n",
        "  toolFailure: pause\n",
      ),
    );
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, "mcp-proxy", charter, "--cards", cards, "--", process.execPath, upstream],
      env: s.env as Record<string, string>,
      cwd: root,
      stderr: "ignore",
    });
    const client = new Client({ name: "reins-test", version: "1.0.0" });
    await client.connect(transport);
    open.push(client);
    const first = await client.callTool({ name: "fails", arguments: {} });
    expect(textOf(first)).toMatch(
      /^"fails" failed: .*the order service is down\. Reins paused the call; make the same call again to retry it\./,
    );
    const second = await client.callTool({ name: "fails", arguments: {} });
    // The same run, resumed and retried (not a new run).
    expect(runIdOf(textOf(second))).toBe(runIdOf(textOf(first)));
    const types = (await auditEvents(s, runIdOf(textOf(first)))).map((event) => event.type);
    expect(types.filter((type) => type === "tool.executed")).toHaveLength(2);
    expect(types.filter((type) => type === "run.resumed")).toHaveLength(1);
  });

  it("in draft mode an action becomes a proposal, not executed", async () => {
    const s = sandbox();
    const { client } = await session(s, "--autonomy", "draft");
    const proposed = await client.callTool({
      name: "refund_order",
      arguments: { orderId: "D4", amount: 20 },
    });
    expect(proposed.isError).toBe(true);
    expect(textOf(proposed)).toMatch(/^Not executed: proposed for human review \(prop_[0-9a-f]{16}\)/);
    expect(effects(s)).toEqual([]);
  });

  it("malformed, huge and garbage replies are tool failures in the audit log, never passed on", async () => {
    const s = sandbox();
    const { client } = await session(s);

    const malformed = await client.callTool({ name: "malformed", arguments: {} });
    expect(malformed.isError).toBe(true);
    expect(textOf(malformed)).toMatch(/^"malformed" failed after 1 attempt\(s\): error: .*INVALID_RESULT/);
    expect(textOf(malformed)).not.toContain("not a list of content blocks");

    const huge = await client.callTool({ name: "huge", arguments: {} });
    expect(huge.isError).toBe(true);
    expect(textOf(huge)).toMatch(/"huge" returned abnormal data .*over the proxy's limit of 1048576/);
    expect(textOf(huge).length).toBeLessThan(2000);

    // A line that is not JSON-RPC, then silence: the card's timeout bounds the wait.
    const garbage = await client.callTool({ name: "garbage", arguments: {} });
    expect(garbage.isError).toBe(true);
    expect(textOf(garbage)).toMatch(/"garbage" did not answer within 1000 ms/);

    const executed = async (text: string) =>
      (await auditEvents(s, runIdOf(text))).find((event) => event.type === "tool.executed")?.data;
    expect(await executed(textOf(malformed))).toMatchObject({ status: "failed" });
    expect(await executed(textOf(huge))).toMatchObject({ status: "abnormal" });
    expect(await executed(textOf(garbage))).toMatchObject({ status: "failed" });
    const ended = (await auditEvents(s, runIdOf(textOf(huge)))).find((event) => event.type === "run.ended");
    expect(ended?.data).toMatchObject({
      status: "failed",
      outcome: { type: "error", code: "REINS_MCP_UPSTREAM" },
    });
    expect(s.reins("audit", "verify")).toMatchObject({ code: 0 });
  });

  it("a crashing upstream: the call gets an error result, the proxy stays up and answers later calls with the reason", async () => {
    const s = sandbox();
    const { client, stderr } = await session(s);
    const crashed = await client.callTool({ name: "crash", arguments: {} });
    expect(crashed.isError).toBe(true);
    expect(textOf(crashed)).toMatch(/CONNECTION_CLOSED/);
    await until(() => stderr().includes("closed its connection"), 10_000, "the proxy's message");
    expect(stderr()).toContain("calls are now answered with an error result");

    const later = await client.callTool({ name: "lookup_order", arguments: { orderId: "A1" } });
    expect(later.isError).toBe(true);
    expect(textOf(later)).toMatch(/the upstream MCP server closed its connection/);
    expect((await client.listTools()).tools).toHaveLength(9);
    expect(s.reins("audit", "verify")).toMatchObject({ code: 0 });
  });

  it("the kill switch: failures over the error-rate threshold pause the workflow; calls are refused until a human resumes it", async () => {
    const s = sandbox();
    const { client } = await session(s);
    for (let i = 0; i < 4; i++) {
      const failed = await client.callTool({ name: "fails", arguments: {} });
      expect(textOf(failed)).toMatch(/the order service is down/);
    }
    const refused = await client.callTool({ name: "lookup_order", arguments: { orderId: "A1" } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /^Not executed: workflow "order-desk" is paused: error rate 4\/4 .*`reins workflow resume order-desk`/,
    );
    expect(s.reins("workflow", "status", "order-desk").stdout).toMatch(/^order-desk: PAUSED/);
    expect(s.reins("workflow", "resume", "order-desk").code).toBe(0);
    const resumed = await client.callTool({ name: "lookup_order", arguments: { orderId: "A1" } });
    expect(textOf(resumed)).toBe("order A1: shipped");
    expect(s.reins("audit", "verify")).toMatchObject({ code: 0 });
  });
});

/** The status of a POST to `url` with another `Host` header (fetch may not set one). */
function statusWithHost(url: string, host: string, token: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: "POST",
        headers: {
          host,
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode);
      },
    );
    request.on("error", reject);
    request.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
  });
}

describe("reins mcp-proxy --http", () => {
  const token = "test-token-0123456789abcdef";

  async function httpProxy(s: Sandbox) {
    const child = s.spawnReins(
      "mcp-proxy",
      workflow,
      "--cards",
      cards,
      "--http",
      "--token",
      token,
      "--",
      process.execPath,
      upstream,
    );
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += String(chunk);
    });
    await until(() => /listening on (http:\S+)/.test(stderr) || child.exitCode !== null, 20_000, "the proxy");
    const url = /listening on (http:\S+)/.exec(stderr)?.[1];
    if (url === undefined) throw new Error(`the proxy did not start: ${stderr}`);
    return { child, url };
  }

  it("serves streamable HTTP on loopback to a client with the token, and answers 401 without it", async () => {
    const s = sandbox();
    const { child, url } = await httpProxy(s);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
      const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
      const none = await fetch(url, { method: "POST", headers, body });
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toBe('Bearer realm="reins-mcp-proxy"');
      const wrong = await fetch(url, {
        method: "POST",
        headers: { ...headers, authorization: "Bearer nope" },
        body,
      });
      expect(wrong.status).toBe(401);

      // A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) is refused, token or not.
      expect(await statusWithHost(url, "evil.example", token)).toBe(403);

      const refused = new Client({ name: "no-token", version: "1.0.0" });
      await expect(refused.connect(new StreamableHTTPClientTransport(new URL(url)))).rejects.toThrow(
        /unauthorized/,
      );

      const client = new Client({ name: "reins-test", version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(url), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      open.push(client);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("refund_order");
      const read = await client.callTool({ name: "lookup_order", arguments: { orderId: "H1" } });
      expect(textOf(read)).toBe("order H1: shipped");
      const denied = await client.callTool({ name: "delete_everything", arguments: {} });
      expect(textOf(denied)).toMatch(/^Denied by Reins/);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("close", resolve));
    }
    expect(s.reins("audit", "verify")).toMatchObject({ code: 0 });
  });

  it("refuses --http without a token of 16 characters or more (exit 2)", () => {
    const s = sandbox();
    const result = s.reins(
      "mcp-proxy",
      workflow,
      "--http",
      "--token",
      "short",
      "--",
      process.execPath,
      upstream,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--http needs a bearer token of at least 16 characters/);
  });
});

describe("reins mcp-proxy: bad input", () => {
  it("a cards file naming a tool the upstream lacks is a located error (exit 2)", () => {
    const s = sandbox();
    const file = join(s.dir, "cards.yaml");
    writeFileSync(file, "kind: reins.mcp-cards\nversion: 1\ntools:\n  lookup_ordr:\n    effect: read\n");
    const result = s.reins("mcp-proxy", workflow, "--cards", file, "--", process.execPath, upstream);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}:4:3 tools.lookup_ordr: the upstream MCP server offers no tool "lookup_ordr" (did you mean lookup_order?)`,
    );
  });

  it("a cards file with a bad effect class is a located error before the upstream starts (exit 2)", () => {
    const s = sandbox();
    const file = join(s.dir, "cards.yaml");
    writeFileSync(file, "kind: reins.mcp-cards\nversion: 1\ntools:\n  lookup_order:\n    effect: reed\n");
    const result = s.reins("mcp-proxy", workflow, "--cards", file, "--", process.execPath, upstream);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `${file}:5:13 tools.lookup_order.effect: must be one of "read", "draft", "action", got "reed"`,
      ),
    );
  });

  it("a charter allowing a tool the upstream does not offer is a located error (exit 2)", () => {
    const s = sandbox();
    const charter = join(s.dir, "charter.yaml");
    writeFileSync(
      charter,
      readFileSync(join(root, workflow, "charter.yaml"), "utf8").replace(
        "allowed: [lookup_order,",
        "allowed: [lookup_orders,",
      ),
    );
    const result = s.reins("mcp-proxy", charter, "--", process.execPath, upstream);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/charter\.yaml:\d+:\d+ tools\.allowed\[0\]: .*lookup_orders/);
  });

  it("an upstream that cannot start is a clear error, not a hang", () => {
    const s = sandbox();
    const result = s.reins(
      "mcp-proxy",
      workflow,
      "--upstream-timeout",
      "5",
      "--",
      process.execPath,
      "-e",
      "process.exit(4)",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the upstream MCP server \(.*\) could not be started/);
    expect(result.stderr).toContain("[REINS_MCP_UPSTREAM]");
  });
});
