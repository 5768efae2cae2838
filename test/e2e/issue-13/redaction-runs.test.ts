// Issue 13, "redaction everywhere, by key and by pattern" (runtime, store and CLI side). Before, an API key in a run's
// input was stored raw in the run record, its checkpoint, the approval and the approval note, and printed by
// `reins approvals list` and `reins run --json`; secrets a tool answered were journalled raw. Now one redaction pass
// (the charter's `redact` fields at any depth, plus well-known secret patterns) runs before anything is kept or shown,
// the tools still run on the real values, and a run that stored its input redacted needs it again to resume.
import { readFileSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import Database from "better-sqlite3";
import { createToolRegistry, decideApproval, defineTool, functionAgent, resumeRun, runAgent } from "reins";
import { createAuditLog } from "reins/audit";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakeOpenAIServer } from "../../../src/testing/index.js";
import { type Sandbox, sandbox } from "../cli-harness.js";
import { testCharter } from "../issue-11/test-charter.js";
import { useTestStore } from "../issue-11/test-store.js";

const workflow = "test/fixtures/secrets-workflow";

const apiKey = `sk-proj-${"A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5"}`;
const bearer = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ";
const pemBody = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";
const pem = `-----BEGIN RSA PRIVATE KEY-----\n${pemBody}\n-----END RSA PRIVATE KEY-----`;
const ssn = "078-05-1120";
const toolKey = `sk-ant-${"Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2"}`;
const noteKey = `sk-proj-${"N0t3N0t3N0t3N0t3N0t3N0t3N0t3N0"}`;
/** Every secret of the test, by what it is; none may be kept in the store or printed. */
const secrets = { apiKey, bearer, pemBody, ssn, toolKey, noteKey };

const input = {
  customer: { name: "Jo", ssn },
  note: `rotate ${apiKey} today`,
  auth: `Authorization: Bearer ${bearer}`,
  attachment: pem,
};

/** The secrets found in `text`, by name. */
function leaked(text: string): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);
}

/** Every text value of every column of every table of the store, as `table.column: value`. */
function storeText(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["runs", "run_calls", "approvals", "actions", "audit_events"]),
    );
    const cells: string[] = [];
    for (const { name } of tables) {
      for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === "string") cells.push(`${name}.${column}: ${value}`);
          else if (Buffer.isBuffer(value)) cells.push(`${name}.${column}: ${value.toString("utf8")}`);
        }
      }
    }
    return cells;
  } finally {
    db.close();
  }
}

/** What the store keeps, in every form: each cell, and the file's raw bytes (free pages included). */
function storeLeaks(s: Sandbox): string[] {
  const cells = storeText(s.store).flatMap((cell) =>
    leaked(cell).map((name) => `${name} in ${cell.slice(0, 60)}`),
  );
  const bytes = leaked(readFileSync(s.store, "latin1")).map((name) => `${name} in the file's bytes`);
  return [...cells, ...bytes];
}

const effects = (s: Sandbox) =>
  readFileSync(s.effects, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function start(runId: string) {
  const s = sandbox();
  s.env.REINS_TEST_TOOL_KEY = toolKey;
  const file = s.input("in.json", input);
  const run = s.reins("run", workflow, "--input", file, "--run-id", runId, "--json");
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const approvalId = (JSON.parse(run.stdout) as { suspended: { approval: { approvalId: string } } }).suspended
    .approval.approvalId;
  return { s, file, run, approvalId };
}

describe("secrets in a run's input, its tools' answers and an approval note", () => {
  it("are kept nowhere in the store and printed nowhere, while the tools get them in clear", () => {
    const { s, file, run, approvalId } = start("run-secret-1");
    // `reins run --json` printed the redacted result.
    expect(leaked(run.stdout)).toEqual([]);
    expect(run.stdout).toContain("[REDACTED]");

    const listed = s.reins("approvals", "list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(approvalId);
    expect(leaked(listed.stdout)).toEqual([]);
    expect(listed.stdout).toContain('"profile":{"ssn":"[REDACTED]"}');
    expect(listed.stdout).toContain("Bearer [REDACTED]");

    expect(s.reins("approvals", "approve", approvalId, "--note", `ok, rotated to ${noteKey}`).code).toBe(0);
    const resumed = s.reins("resume", workflow, "run-secret-1", "--input", file);
    expect(resumed.stderr).toBe("");
    expect(resumed.stdout.split("\n").slice(0, 2)).toEqual([
      "run run-secret-1: completed",
      "outcome: decision done, confidence 1",
    ]);
    expect(leaked(resumed.stdout)).toEqual([]);
    const all = s.reins("approvals", "list", "--all");
    expect(all.stdout).toContain(`decided by ${userInfo().username}: ok, rotated to [REDACTED]`);
    expect(leaked(all.stdout)).toEqual([]);

    const shown = s.reins("audit", "show", "run-secret-1");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("tool.proposed");
    expect(leaked(shown.stdout)).toEqual([]);
    expect(s.reins("audit", "verify").stdout).toMatch(/^audit log intact/);

    // No clear secret in any column of any table, nor anywhere in the file.
    expect(storeLeaks(s)).toEqual([]);

    // The tools ran on the real values: the world they act on has them.
    const sent = effects(s).filter((e) => e.tool === "send_email");
    expect(sent).toEqual([
      {
        tool: "send_email",
        key: "run-secret-1:call-2",
        input: {
          to: "ops@acme.com",
          body: `rotate ${apiKey} today`,
          auth: `Authorization: Bearer ${bearer}`,
          attachment: pem,
          profile: { ssn },
        },
      },
    ]);
  });

  it("a tool's answer is replayed to the resumed agent as the journal keeps it: its secrets read [REDACTED]", () => {
    const { s, file, approvalId } = start("run-secret-2");
    expect(s.reins("approvals", "approve", approvalId).code).toBe(0);
    expect(s.reins("resume", workflow, "run-secret-2", "--input", file).code).toBe(0);
    const seen = effects(s)
      .filter((e) => "agentSaw" in e)
      .map((e) => e.agentSaw);
    expect(seen).toEqual([
      // The first drive: the tool's answer, as it answered.
      {
        status: "ok",
        output: { account: "acc-1", memo: `service key ${toolKey}`, holder: { profile: { ssn } } },
      },
      // The resumed drive: the lookup is not run again; the agent gets the journalled, redacted answer.
      {
        status: "ok",
        output: {
          account: "acc-1",
          memo: "service key [REDACTED]",
          holder: { profile: { ssn: "[REDACTED]" } },
        },
      },
    ]);
    expect(effects(s).filter((e) => e.tool === "lookup_account")).toHaveLength(1);
  });
});

describe("resuming a run that stored its input redacted", () => {
  it("without --input, or with another input, is a located error (exit 2) and changes nothing", () => {
    const { s, approvalId } = start("run-secret-3");
    expect(s.reins("approvals", "approve", approvalId).code).toBe(0);

    const missing = s.reins("resume", workflow, "run-secret-3");
    expect(missing).toMatchObject({ code: 2, stdout: "" });
    expect(missing.stderr).toBe(
      "--input: missing; run run-secret-3 stored its input redacted (it holds a secret or a charter `redact` field), so resuming it needs the input it started with again\n" +
        "hint: pass the run's input file again: `reins resume <charter> <runId> --input <file>` (or `resumeRun({ input })`)\n",
    );

    // Same redacted form (another key is redacted the same way), different secret: the salted hash tells them apart.
    const other = s.input("other.json", { ...input, note: `rotate sk-proj-${"X".repeat(30)} today` });
    const different = s.reins("resume", workflow, "run-secret-3", "--input", other);
    expect(different).toMatchObject({ code: 2, stdout: "" });
    expect(different.stderr).toBe(
      "--input: not the input run run-secret-3 started with (its redacted form or its salted hash differs from the run's)\n" +
        "hint: give the same input file the run was started with; a different input needs a new run\n",
    );
    // Nothing ran, and the run still resumes with the right input.
    expect(effects(s).filter((e) => e.tool === "send_email")).toEqual([]);
    expect(s.reins("resume", workflow, "run-secret-3", "--input", s.input("again.json", input)).code).toBe(0);
    expect(effects(s).filter((e) => e.tool === "send_email")).toHaveLength(1);
  });

  it("the store keeps a salted scrypt hash of the input, never a plain sha256 of it", () => {
    const { s } = start("run-secret-4");
    const db = new Database(s.store, { readonly: true });
    const row = db.prepare("SELECT input, checkpoint FROM runs WHERE id = ?").get("run-secret-4") as {
      input: string;
      checkpoint: string;
    };
    db.close();
    expect(JSON.parse(row.input)).toEqual({
      customer: { name: "Jo", ssn: "[REDACTED]" },
      note: "rotate [REDACTED] today",
      auth: "Authorization: Bearer [REDACTED]",
      attachment: "[REDACTED]",
    });
    expect(JSON.parse(row.checkpoint).inputSeal).toEqual({
      kdf: "scrypt:N=16384,r=8,p=1",
      salt: expect.stringMatching(/^[0-9a-f]{32}$/),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});

describe("the store's files", () => {
  it("the database and its -wal and -shm files are owner-only (0600) while a run writes them", async () => {
    const s = sandbox();
    const { openSqliteStore } = await import("reins/store");
    const store = await openSqliteStore({ path: s.store, migrate: true });
    try {
      await store.runs.create({
        id: "r",
        charter: "c",
        charterVersion: "1",
        status: "running",
        autonomy: "autonomous",
        agent: "function:x",
        input: {},
        outcome: null,
        checkpoint: null,
      });
      for (const file of [s.store, `${s.store}-wal`, `${s.store}-shm`])
        expect([file.slice(s.dir.length), (statSync(file).mode & 0o777).toString(8)]).toEqual([
          file.slice(s.dir.length),
          "600",
        ]);
    } finally {
      await store.close();
    }
  });
});

describe("resumeRun, from the library", () => {
  const t = useTestStore();
  const received: unknown[] = [];
  const send = defineTool({
    name: "send",
    purpose: "Send a message.",
    effect: "action",
    external: true,
    input: z.object({ key: z.string() }),
    output: z.object({ ok: z.boolean() }),
    safeUse: ["After approval."],
    unsafeUse: ["Never without."],
    idempotent: true,
    execute: (input) => {
      received.push(input);
      return { ok: true };
    },
  });
  const registry = createToolRegistry([send]);
  const charter = testCharter("keys", registry, {
    input: { type: "object", required: ["key"], properties: { key: { type: "string" } } },
  });
  const agent = functionAgent("keys", async ({ input, call }) => {
    await call("send", { key: (input as { key: string }).key });
    return { type: "decision", decision: { decision: "done", confidence: 1 } };
  });

  it("refuses a missing input with REINS_RUN_INPUT_MISMATCH, and runs the tool on the real input given again", async () => {
    const audit = createAuditLog({ store: t.store });
    const options = { charter, registry, agent, store: t.store, audit };
    const started = await runAgent({ ...options, input: { key: apiKey } });
    expect([started.status, started.outcome]).toEqual(["suspended", null]);
    const approvalId = started.suspended?.kind === "approval" ? started.suspended.approval.approvalId : "";
    await decideApproval({ store: t.store, audit, approvalId, decision: "approved", decidedBy: "tester" });
    await expect(resumeRun({ ...options, runId: started.runId })).rejects.toMatchObject({
      code: "REINS_RUN_INPUT_MISMATCH",
      option: "input",
    });
    await expect(
      resumeRun({ ...options, runId: started.runId, input: { key: noteKey } }),
    ).rejects.toMatchObject({ code: "REINS_RUN_INPUT_MISMATCH" });
    expect(received).toEqual([]);
    const resumed = await resumeRun({ ...options, runId: started.runId, input: { key: apiKey } });
    expect(resumed.status).toBe("completed");
    expect(received).toEqual([{ key: apiKey }]);
    expect((await t.store.runs.get(started.runId))?.input).toEqual({ key: "[REDACTED]" });
  });
});

describe("a model agent's conversation", () => {
  // Found by the training-data export: the model loop kept the run's input as text ("Input:\n{…}") in the
  // checkpoint's first message, where redaction by field cannot see a charter field such as `ssn`.
  it("is kept without the run's input as text: the model was sent the SSN, the store keeps it nowhere", async () => {
    const server = await startFakeOpenAIServer({
      handler: () => ({
        toolCalls: [
          {
            id: "d1",
            name: "reins_decide",
            arguments: { decision: "done", confidence: 0.9, rationale: "Nothing to do." },
          },
        ],
      }),
    });
    try {
      const s = sandbox();
      const file = s.input("model-in.json", input);
      const result = await s.reinsAsync(
        "run",
        workflow,
        "--input",
        file,
        "--model",
        `openai-compatible:${server.url}#m`,
        "--run-id",
        "model-run",
      );
      expect(result.stdout.split("\n")[0]).toBe("run model-run: completed");
      expect(JSON.stringify(server.requests[0]?.body)).toContain(ssn);
      expect(storeLeaks(s)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
