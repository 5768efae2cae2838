import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { until } from "./cli-harness.js";
import { storeBackends } from "./store-backends.js";

const workflow = "test/fixtures/effects-workflow";
const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

describe.each(storeBackends())("approval across processes ($name)", (backend) => {
  it("a run suspends; a second process approves; a third resumes it; the email is sent exactly once", async () => {
    const s = await backend.sandbox();
    const input = s.input("in.json", { steps: 2, email: true });
    const run = s.reins("run", workflow, "--input", input, "--run-id", "run-approve-1");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual([
      "run run-approve-1: suspended",
      "tool calls: record_step executed, record_step executed, send_email pending-approval",
      expect.stringMatching(
        /^waiting for approval appr_[0-9a-f]{16}: send_email \("send_email" communicates outside the organisation/,
      ),
    ]);
    const approvalId = /waiting for approval (appr_[0-9a-f]+)/.exec(run.stdout)?.[1] ?? "";
    expect(lines(s.effects).map((e) => e.tool)).toEqual(["record_step", "record_step"]);

    expect(s.reins("approvals", "approve", approvalId)).toMatchObject({
      code: 0,
      stdout: `approved ${approvalId} (send_email in run run-approve-1)\n`,
    });
    const resumed = s.reins("resume", workflow, "run-approve-1");
    expect(resumed).toMatchObject({ code: 0 });
    expect(resumed.stdout.split("\n").slice(0, 3)).toEqual([
      "run run-approve-1: completed",
      "outcome: decision done, confidence 1",
      "tool calls: record_step executed, record_step executed, send_email executed",
    ]);
    expect(lines(s.effects).map((e) => [e.tool, e.key])).toEqual([
      ["record_step", "run-approve-1:call-1"],
      ["record_step", "run-approve-1:call-2"],
      ["send_email", "run-approve-1:call-3"],
    ]);

    // Nothing can make it happen twice: resuming again, or approving again, is refused.
    expect(s.reins("resume", workflow, "run-approve-1")).toMatchObject({
      code: 2,
      stderr: "run run-approve-1 already ended (completed); nothing to resume\n",
    });
    expect(s.reins("approvals", "approve", approvalId).code).toBe(2);
    expect(s.reins("approvals", "approve", "appr_forged0000000000").code).toBe(2);
    expect(lines(s.effects)).toHaveLength(3);
    expect(s.reins("audit", "verify")).toMatchObject({
      code: 0,
      // Run start, suspension, approval, resumption and end each sealed in the store chain; the manifest agrees.
      // (A PostgreSQL store has no manifest file beside it.)
      stdout: expect.stringMatching(
        backend.name === "SQLite"
          ? /^audit log intact: 18 events in 1 chains, 5 store chain entries; the manifest .* held\n$/
          : /^audit log intact: 18 events in 1 chains, 5 store chain entries\n$/,
      ),
    });
  });

  it("`reins run --wait` waits for a decision made by another process, then finishes the run", async () => {
    const s = await backend.sandbox();
    const input = s.input("in.json", { steps: 1, email: true });
    const child = s.spawnReins(
      "run",
      workflow,
      "--input",
      input,
      "--run-id",
      "run-wait-1",
      "--wait",
      "--wait-seconds",
      "30",
    );
    let stdout = "";
    child.stdout?.on("data", (chunk) => {
      stdout += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));

    let approvalId = "";
    await until(
      () => {
        const listed = s.reins("approvals", "list");
        approvalId = /^(appr_[0-9a-f]+)/.exec(listed.stdout)?.[1] ?? "";
        return approvalId !== "";
      },
      20_000,
      "the pending approval",
    );
    expect(lines(s.effects).map((e) => e.tool)).toEqual(["record_step"]);
    expect(
      s.reins("approvals", "reject", approvalId, "--reason", "Not before the contract is signed.").code,
    ).toBe(0);

    expect(await exited).toBe(0);
    expect(stdout.split("\n").slice(0, 3)).toEqual([
      "run run-wait-1: completed",
      "outcome: refusal: email rejected",
      "tool calls: record_step executed, send_email rejected",
    ]);
    expect(lines(s.effects).map((e) => e.tool)).toEqual(["record_step"]);
  });
});
