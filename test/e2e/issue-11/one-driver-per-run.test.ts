// Issue 11, finding 5: two processes could drive one run at once. Three concurrent `reins resume` of an approved
// run executed its idempotent action three times and wrote two `run.ended` events; resuming while the original
// `reins run` was still working was allowed. One driver per run: the others are refused (exit 2), saying why.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  createToolRegistry,
  decideApproval,
  defineTool,
  functionAgent,
  resumeRun,
  runAgent,
  UserError,
} from "reins";
import { createAuditLog } from "reins/audit";
import { openStore } from "reins/store";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Sandbox, until } from "../cli-harness.js";
import { storeBackends } from "../store-backends.js";
import { testCharter } from "./test-charter.js";
import { openTestStore } from "./test-store.js";

const workflow = "test/fixtures/issue-11-drivers";

type Exit = { code: number | null; stdout: string; stderr: string };

/** Executions of record_visit so far, across every process (its `start` entries in the effects file). */
const starts = (s: Sandbox): { key: string; pid: number }[] =>
  existsSync(s.effects)
    ? readFileSync(s.effects, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event: string; key: string; pid: number })
        .filter((e) => e.event === "start")
    : [];

const release = (s: Sandbox) => writeFileSync(`${s.effects}.release`, "");

/** Starts `count` CLI processes at once; resolves each one's exit, and counts those that exited so far. */
function spawnAll(s: Sandbox, count: number, ...args: string[]) {
  const exited: Exit[] = [];
  const all = Array.from({ length: count }, () =>
    s.reinsAsync(...args).then((exit) => {
      exited.push(exit);
      return exit;
    }),
  );
  return { exited, all: Promise.all(all) };
}

async function runEvents(s: Sandbox, runId: string): Promise<string[]> {
  const store = await openStore(s.store);
  try {
    return (await store.audit.list(runId)).map((e) => e.type);
  } finally {
    await store.close();
  }
}

// The processes' runs are driven on each kind of store: the lease is the store's, whichever it is.
describe.each(storeBackends())("one driver per run across processes ($name)", (backend) => {
  it("three concurrent `reins resume` of an approved run: the action executes once, one run.ended, two refused", async () => {
    const s = await backend.sandbox();
    const input = s.input("in.json", {});
    const run = s.reins("run", workflow, "--input", input, "--run-id", "drv-1", "--autonomy", "supervised");
    expect(run.stdout.split("\n")[0]).toBe("run drv-1: suspended");
    const approvalId = /waiting for approval (appr_[0-9a-f]+)/.exec(run.stdout)?.[1] ?? "";
    const store = await openStore(s.store);
    await decideApproval({
      store,
      audit: createAuditLog({ store }),
      approvalId,
      decision: "approved",
      decidedBy: "maria",
    });
    await store.close();

    const resumes = spawnAll(s, 3, "resume", workflow, "drv-1");
    // Each process either gets into the action (which holds until released) or is refused and exits.
    await until(
      () => starts(s).length + resumes.exited.length >= 3,
      15_000,
      "every resume to start the action or exit",
    );
    release(s);
    const exits = await resumes.all;

    expect(starts(s).map((e) => e.key)).toEqual(["drv-1:call-1"]);
    const winners = exits.filter((e) => e.code === 0);
    const losers = exits.filter((e) => e.code !== 0);
    expect(winners.map((e) => e.stdout.split("\n")[0])).toEqual(["run drv-1: completed"]);
    expect(losers.map((e) => e.code)).toEqual([2, 2]);
    for (const loser of losers) expect(loser.stderr).toMatch(/another process/i);

    const types = await runEvents(s, "drv-1");
    expect(types.filter((type) => type === "tool.executed")).toHaveLength(1);
    expect(types.filter((type) => type === "run.ended")).toHaveLength(1);
    expect(s.reins("audit", "verify").code).toBe(0);
  });

  it("`reins resume` while the original `reins run` is still working is refused, and the action executes once", async () => {
    const s = await backend.sandbox();
    const input = s.input("in.json", {});
    const original = s.reinsAsync("run", workflow, "--input", input, "--run-id", "drv-2");
    await until(() => starts(s).length === 1, 15_000, "the original run to start the action");

    const resume = spawnAll(s, 1, "resume", workflow, "drv-2");
    await until(
      () => starts(s).length + resume.exited.length >= 2,
      15_000,
      "the resume to start the action or exit",
    );
    release(s);
    const [resumed] = await resume.all;
    const ran = await original;

    expect({ code: resumed?.code, refused: /another process/i.test(resumed?.stderr ?? "") }).toEqual({
      code: 2,
      refused: true,
    });
    expect({ code: ran.code, first: ran.stdout.split("\n")[0] }).toEqual({
      code: 0,
      first: "run drv-2: completed",
    });
    expect(starts(s).map((e) => e.key)).toEqual(["drv-2:call-1"]);
    const types = await runEvents(s, "drv-2");
    expect(types.filter((type) => type === "run.ended")).toHaveLength(1);
  });
});

describe("one driver per run in one process", () => {
  it("three concurrent resumeRun in one process: one drives, the other two get a UserError with a code", async () => {
    const executions: string[] = [];
    let releaseTool = () => {};
    const held = new Promise<void>((resolve) => {
      releaseTool = resolve;
    });
    const recordVisit = defineTool({
      name: "record_visit",
      purpose: "Record the visit (holds until released).",
      effect: "action",
      input: z.object({}),
      output: z.object({ recorded: z.boolean() }),
      safeUse: ["Once per run."],
      unsafeUse: ["Never twice."],
      idempotent: true,
      execute: async (_input, ctx) => {
        executions.push(ctx.idempotencyKey);
        await held;
        return { recorded: true };
      },
    });
    const registry = createToolRegistry([recordVisit]);
    const charter = testCharter("drivers-lib", registry, { autonomy: "supervised" });
    const agent = functionAgent("visitor", async ({ call }) => {
      await call("record_visit", {});
      return { type: "decision", decision: { decision: "done", confidence: 1 } };
    });
    // One connection: two connections in one process deadlock on SQLite's write lock (better-sqlite3 waits
    // synchronously while the other connection's transaction awaits), which is not what this test is about.
    const { store, audit } = await openTestStore();
    try {
      const first = await runAgent({ charter, registry, agent, input: {}, store, audit, runId: "drv-lib-1" });
      const approvalId = first.suspended?.kind === "approval" ? first.suspended.approval.approvalId : "";
      await decideApproval({ store, audit, approvalId, decision: "approved", decidedBy: "maria" });

      const refused: unknown[] = [];
      const resumes = [1, 2, 3].map(() =>
        resumeRun({ charter, registry, agent, store, audit, runId: "drv-lib-1" }).catch((error: unknown) => {
          refused.push(error);
          return undefined;
        }),
      );
      // Each resume either gets into the action (which holds until released) or is refused.
      await until(
        () => executions.length + refused.length >= 3,
        5_000,
        "every resume to start or be refused",
      );
      releaseTool();
      const results = await Promise.all(resumes);

      expect(executions).toEqual(["drv-lib-1:call-1"]);
      expect(results.flatMap((r) => (r ? [r.status] : []))).toEqual(["completed"]);
      expect(refused).toHaveLength(2);
      for (const error of refused) {
        expect(UserError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({
          code: expect.stringMatching(/^REINS_/),
          message: expect.stringMatching(/another (process|driver)|being driven/i),
        });
      }
      const types = (await store.audit.list("drv-lib-1")).map((e) => e.type);
      expect(types.filter((type) => type === "run.ended")).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
