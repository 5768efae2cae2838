// Issue 11, finding 7: an approval could be decided without its audit event (the decision and the event were two
// writes; SIGKILL between them, or a failing audit insert, left a decided approval with no `approval.decided`).
// Both belong in one transaction: when the event cannot be written, the approval stays pending.
import Database from "better-sqlite3";
import { createToolRegistry, decideApproval, defineTool, functionAgent, runAgent } from "reins";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { sandbox } from "../cli-harness.js";
import { testCharter } from "./test-charter.js";
import { useTestStore } from "./test-store.js";

const t = useTestStore();

/** Makes every audit insert into the SQLite file at `path` fail, as a full disk or a crash would. */
function breakAuditInserts(path: string): void {
  const db = new Database(path);
  db.exec("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'boom'); END;");
  db.close();
}

function repairAuditInserts(path: string): void {
  const db = new Database(path);
  db.exec("DROP TRIGGER fail_audit;");
  db.close();
}

describe("deciding an approval writes the decision and its audit event together", () => {
  it("decideApproval fails when its event cannot be written, and the approval is still pending", async () => {
    const sendEmail = defineTool({
      name: "send_email",
      purpose: "Email the customer.",
      effect: "action",
      external: true,
      input: z.object({ to: z.string() }),
      output: z.object({ sent: z.literal(true) }),
      safeUse: ["After approval."],
      unsafeUse: ["Without approval."],
      idempotent: false,
      execute: () => ({ sent: true as const }),
    });
    const registry = createToolRegistry([sendEmail]);
    const agent = functionAgent("mailer", async ({ call }) => {
      await call("send_email", { to: "ceo@acme.com" });
      return { type: "decision", decision: { decision: "done", confidence: 1 } };
    });
    const run = await runAgent({
      charter: testCharter("approval-atomic", registry),
      registry,
      agent,
      input: {},
      store: t.store,
      audit: t.audit,
      runId: "atomic-1",
    });
    const approvalId = run.suspended?.kind === "approval" ? run.suspended.approval.approvalId : "";
    expect(approvalId).toMatch(/^appr_[0-9a-f]{16}$/);

    breakAuditInserts(t.path);
    const decide = () =>
      decideApproval({
        store: t.store,
        audit: t.audit,
        approvalId,
        decision: "approved",
        decidedBy: "maria",
      });
    await expect(decide()).rejects.toThrow(/boom/);
    expect((await t.store.approvals.get(approvalId))?.status).toBe("pending");
    expect((await t.store.audit.list("atomic-1")).map((e) => e.type)).not.toContain("approval.decided");

    // Once the store is healthy again, the same decision goes through, with exactly one event.
    repairAuditInserts(t.path);
    await expect(decide()).resolves.toMatchObject({ id: approvalId, status: "approved", decidedBy: "maria" });
    const decided = (await t.store.audit.list("atomic-1")).filter((e) => e.type === "approval.decided");
    expect(decided.map((e) => e.data)).toMatchObject([
      { approvalId, status: "approved", decidedBy: "maria" },
    ]);
  });

  it("`reins approvals approve` exits non-zero when the event cannot be written, and the approval stays pending", () => {
    const s = sandbox();
    const input = s.input("in.json", { steps: 0, email: true });
    const run = s.reins(
      "run",
      "test/fixtures/effects-workflow",
      "--input",
      input,
      "--run-id",
      "atomic-cli-1",
    );
    expect(run.stdout.split("\n")[0]).toBe("run atomic-cli-1: suspended");
    const approvalId = /waiting for approval (appr_[0-9a-f]+)/.exec(run.stdout)?.[1] ?? "";

    breakAuditInserts(s.store);
    const approve = s.reins("approvals", "approve", approvalId);
    expect(approve.code).toBe(1);
    expect(approve.stdout).toBe("");
    expect(approve.stderr).toContain("boom");

    const listed = s.reins("approvals", "list");
    expect(listed.stdout.split("\n")[0]).toMatch(
      new RegExp(`^${approvalId}  pending  effects  run atomic-cli-1  send_email `),
    );
  });
});
