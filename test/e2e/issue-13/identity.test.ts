// Issue 13, item 8: approvals and reviews record the OS user, not whatever `--by`, $USER or $REINS_USER say. `--by`
// naming someone else is refused (exit 2, REINS_DELEGATION_REFUSED) unless the store allows delegation, and then the
// record keeps both who decided and who entered it. Before, `--by anyone` and REINS_USER=anyone were recorded as is.
import { userInfo } from "node:os";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { type Sandbox, sandbox } from "../cli-harness.js";

const workflow = "test/fixtures/effects-workflow";
const me = userInfo().username;

function pendingApproval(s: Sandbox, runId: string): string {
  const run = s.reins(
    "run",
    workflow,
    "--input",
    s.input("in.json", { steps: 0, email: true }),
    "--run-id",
    runId,
  );
  expect(run.code).toBe(0);
  return /waiting for approval (appr_[0-9a-f]+)/.exec(run.stdout)?.[1] ?? "";
}

describe("who a decision is recorded as", () => {
  it("is the OS user, whatever $USER and $REINS_USER claim", () => {
    const s = sandbox();
    const id = pendingApproval(s, "run-id-1");
    Object.assign(s.env, { USER: "mallory", REINS_USER: "mallory" });
    expect(s.reins("approvals", "approve", id).code).toBe(0);
    expect(s.reins("approvals", "list", "--all").stdout).toContain(`    decided by ${me}\n`);
    const audit = s.reins("audit", "show", "run-id-1").stdout;
    expect(audit).not.toContain("mallory");
  });

  it("refuses --by naming someone else, located, and records nothing", () => {
    const s = sandbox();
    const id = pendingApproval(s, "run-id-2");
    const result = s.reins("approvals", "approve", id, "--by", "the-ceo");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--by "the-ceo" names someone other than you ("${me}"`);
    expect(result.stderr).toContain("reins store config set delegation allow");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(s.reins("approvals", "list").stdout).toContain(`${id}  pending`);
    expect(s.reins("approvals", "reject", id, "--reason", "no", "--by", "the-ceo").code).toBe(2);
  });

  it("with delegation allowed, records who decided and who entered it, in the list and the audit event", () => {
    const s = sandbox();
    const id = pendingApproval(s, "run-id-3");
    expect(s.reins("store", "config", "set", "delegation", "allow")).toMatchObject({ code: 0 });
    expect(s.reins("store", "config", "show").stdout).toContain("delegation: allow");
    expect(s.reins("approvals", "approve", id, "--by", "ana").code).toBe(0);
    expect(s.reins("approvals", "list", "--all").stdout).toContain(`    decided by ana (entered by ${me})\n`);
    const db = new BetterSqlite3(s.store, { readonly: true });
    const row = db.prepare("select data from audit_events where type = 'approval.decided'").get() as {
      data: string;
    };
    db.close();
    expect(JSON.parse(row.data)).toMatchObject({ decidedBy: "ana", enteredBy: me, status: "approved" });
    expect(s.reins("audit", "show", "run-id-3").stdout).toContain(`approved by ana (entered by ${me})`);
  });

  it("workflow resume refuses --by someone else too", () => {
    const s = sandbox();
    const result = s.reins("workflow", "resume", "effects", "--by", "the-ceo");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--by "the-ceo" names someone other than you');
  });
});
