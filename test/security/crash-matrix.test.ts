import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAuditLog } from "../../src/audit/audit-log.js";
import { verifyAudit } from "../../src/audit/verify-audit.js";
import { decideApproval } from "../../src/runtime/approvals.js";
import { openStore } from "../../src/store/open-store.js";
import type { Sandbox } from "../e2e/cli-harness.js";
import { storeBackends } from "../e2e/store-backends.js";

// The crash matrix: one run (a read, idempotent steps, a card charge that is not idempotent, an external email a human
// approves, a resume) is killed with SIGKILL at each of its step boundaries in turn, then resumed with `reins resume`
// until it ends. The kill points live in the fixture's own code (crash-point.ts), so Reins runs unmodified.

const workflow = "test/fixtures/crash-matrix-workflow";

interface Effect {
  key: string;
  tool: string;
}

const effectsOf = (s: Sandbox, runId: string): Effect[] =>
  existsSync(s.effects)
    ? readFileSync(s.effects, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Effect)
        .filter((e) => e.key.startsWith(`${runId}:`))
    : [];

/** What must come out the same as an uninterrupted run: status, outcome, and each effect (by call) in order. */
async function finalState(s: Sandbox, runId: string) {
  const store = await openStore(s.store);
  try {
    const run = await store.runs.get(runId);
    return {
      status: run?.status,
      outcome: run?.outcome,
      effects: effectsOf(s, runId).map((e) => ({ ...e, key: e.key.slice(runId.length + 1) })),
    };
  } finally {
    await store.close();
  }
}

async function approvePending(s: Sandbox, runId: string): Promise<number> {
  const store = await openStore(s.store);
  try {
    const pending = (await store.approvals.list({ status: "pending" })).filter((a) => a.runId === runId);
    const audit = createAuditLog({ store });
    for (const approval of pending) {
      await decideApproval({
        store,
        audit,
        approvalId: approval.id,
        decision: "approved",
        decidedBy: "tester",
      });
    }
    return pending.length;
  } finally {
    await store.close();
  }
}

async function statusOf(s: Sandbox, runId: string) {
  const store = await openStore(s.store);
  try {
    return (await store.runs.get(runId))?.status;
  } finally {
    await store.close();
  }
}

/**
 * Drives run `runId` to its end: `reins run`, then, whenever the process died or the run waits for a human, approve
 * what is pending and `reins resume`. Returns how many processes were SIGKILLed on the way.
 */
async function drive(
  s: Sandbox,
  runId: string,
  killAt: number,
): Promise<{ kills: number; processes: number }> {
  // Two runs are driven at once, so the kill settings are set right before each spawn (which copies the env).
  const reins = (...args: string[]) => {
    s.env.REINS_CRASH_AT = String(killAt);
    s.env.REINS_CRASH_COUNTER = join(s.dir, `${runId}.counter`);
    return s.reinsAsync(...args);
  };
  const input = s.input(`${runId}.json`, { orderId: "O-7" });
  let result = await reins("run", workflow, "--input", input, "--run-id", runId);
  let kills = 0;
  let processes = 1;
  for (let round = 0; round < 6; round++) {
    if (result.code === null) kills++;
    else expect(result.code, `${runId}: ${result.stderr}`).toBe(0);
    const status = await statusOf(s, runId);
    if (status !== "running" && status !== "suspended") return { kills, processes };
    if (status === "suspended") await approvePending(s, runId);
    result = await reins("resume", workflow, runId);
    processes++;
  }
  throw new Error(`${runId} did not end after 6 processes`);
}

const boundaries = (s: Sandbox, runId: string): string[] =>
  readFileSync(join(s.dir, `${runId}.counter.log`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.replace(/^\d+ /, ""));

/** Kill points inside a non-idempotent execution: the journal says it started, nobody knows whether it took effect. */
const inDoubt = /^(charge_card|send_email): /;

async function auditFacts(s: Sandbox, runId: string) {
  const store = await openStore(s.store);
  try {
    const events = await store.audit.list(runId);
    const executed = new Set(
      events
        .filter((e) => e.type === "tool.executed" || e.type === "tool.replayed")
        .map((e) => (e.data as { callId: string }).callId),
    );
    return { executed, last: events.at(-1)?.type };
  } finally {
    await store.close();
  }
}

describe.each(storeBackends())("crash matrix ($name)", (backend) => {
  it("a run killed at any step boundary resumes with no effect lost or repeated", async () => {
    const s = await backend.sandbox();
    const baseline = await drive(s, "base", 0);
    expect(baseline.kills).toBe(0);
    const expected = await finalState(s, "base");
    expect(expected.status).toBe("completed");
    expect(expected.effects.map((e) => e.tool)).toEqual([
      "record_step",
      "charge_card",
      "record_step",
      "send_email",
      "record_step",
    ]);
    const labels = boundaries(s, "base");
    const figures = { kills: 0, sameAsUninterrupted: 0, escalatedInDoubt: 0, repeated: 0, lost: 0 };
    const rows: string[] = [];
    // Each k is its own run in the shared store, killed at boundary k; two at a time (the machine has two cores).
    const ks = labels.map((_, i) => i + 1);
    const driven = new Map<number, Promise<{ kills: number }>>();
    const start = (k: number) => {
      if (k <= ks.length) driven.set(k, drive(s, `k${String(k).padStart(2, "0")}`, k));
    };
    start(1);
    start(2);
    for (const k of ks) {
      const runId = `k${String(k).padStart(2, "0")}`;
      const boundary = labels[k - 1] ?? "?";
      const { kills } = await (driven.get(k) as Promise<{ kills: number }>);
      start(k + 2);
      // The kill point was reached: this boundary really was a crash.
      expect(kills, `k=${k} (${boundary})`).toBe(1);
      figures.kills += kills;
      const final = await finalState(s, runId);
      const keys = final.effects.map((e) => e.key);
      figures.repeated += keys.length - new Set(keys).size;
      const audit = await auditFacts(s, runId);
      expect(audit.last, `k=${k}: last event`).toBe("run.ended");
      // Nothing lost: every effect that happened is on record as executed, unless it is the one in doubt.
      const unrecorded = final.effects.filter((e) => !audit.executed.has(e.key));
      if (inDoubt.test(boundary)) {
        // The non-idempotent action may or may not have happened: it is never repeated, and the run escalates.
        const tool = boundary.split(":")[0];
        const at = expected.effects.findIndex((e) => e.tool === tool);
        const happened = boundary.includes("effect done") ? 1 : 0;
        expect(final.effects, `k=${k} (${boundary})`).toEqual(expected.effects.slice(0, at + happened));
        expect(final.outcome, `k=${k}`).toMatchObject({
          type: "escalation",
          reason: "action_outcome_unknown",
          evidence: { toolName: tool, callId: expected.effects[at]?.key },
        });
        expect(
          unrecorded.map((e) => e.tool),
          `k=${k}`,
        ).toEqual(happened ? [tool] : []);
        figures.escalatedInDoubt++;
        rows.push(`k=${k} ${boundary}: escalated action_outcome_unknown, ${tool} happened ${happened}x`);
      } else {
        figures.lost += unrecorded.length + Math.max(0, expected.effects.length - final.effects.length);
        expect(final, `k=${k} (${boundary})`).toEqual(expected);
        expect(unrecorded, `k=${k}`).toEqual([]);
        figures.sameAsUninterrupted++;
        rows.push(`k=${k} ${boundary}: same final state, each effect once`);
      }
    }
    expect(figures.repeated).toBe(0);
    expect(figures.lost).toBe(0);
    // Every run's chain verifies, once no process writes any more (verifyAudit reads heads and events in separate
    // statements, so it is not run while the other lane's process is appending).
    const store = await openStore(s.store);
    const verification = await verifyAudit(store);
    await store.close();
    expect(verification.problems).toEqual([]);
    expect(verification.runs).toBe(labels.length + 1);
    // The same verdict from the CLI.
    const verify = s.reins("audit", "verify");
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toContain(`in ${labels.length + 1} chains`);
    console.log(
      `crash matrix (${backend.name}):\n  ${rows.join("\n  ")}\n${JSON.stringify({ boundaries: labels.length, ...figures })}`,
    );
    rmSync(s.dir, { recursive: true, force: true });
    // Bounded generously: the machine is shared, and each PostgreSQL process opens its pool.
  }, 240_000);
});
