import { describe, expect, it } from "vitest";
import { makeCharter, runCrm, useTestStore } from "./__fixtures__/crm-workflow.js";
import { functionAgent } from "./agent.js";
import { resumeWorkflow } from "./kill-switch.js";

const t = useTestStore();

const failing = functionAgent("failing", async () => {
  throw new Error("upstream exploded");
});
const ok = functionAgent("ok", async () => ({
  type: "decision",
  decision: { decision: "nurture", confidence: 0.9 },
}));
const escalating = functionAgent("escalating", async () => ({
  type: "escalation",
  reason: "ownership_conflict",
  evidence: "two owners",
}));

describe("kill switch", () => {
  it("pauses the workflow when the error rate over the window passes the threshold, and then refuses runs", async () => {
    const charter = makeCharter({ killSwitch: { errorRate: { threshold: 0.4, window: 5, minRuns: 5 } } });
    for (const agent of [ok, ok, ok, failing, failing]) await runCrm(t, agent, { charter });
    expect(await t.store.workflows.get("crm-test")).toMatchObject({ paused: false });
    await runCrm(t, failing, { charter }); // 3 of the last 5 failed: 60% > 40%
    expect(await t.store.workflows.get("crm-test")).toMatchObject({
      paused: true,
      pausedReason: "error rate 3/5 (60%) over the last 5 runs is above 40%",
    });
    await expect(runCrm(t, ok, { charter })).rejects.toMatchObject({
      code: "REINS_WORKFLOW_PAUSED",
      message:
        'workflow "crm-test" is paused: error rate 3/5 (60%) over the last 5 runs is above 40%; it refuses new runs',
    });
    await resumeWorkflow({ store: t.store, audit: t.audit, charter: "crm-test", by: "ops" });
    expect((await runCrm(t, ok, { charter })).status).toBe("completed");
  });

  it("a pause demotes the workflow's certified autonomy one level, for the runs after a human resumes it", async () => {
    const charter = makeCharter({
      autonomy: "supervised",
      killSwitch: { errorRate: { threshold: 0.4, window: 5, minRuns: 5 } },
    });
    await t.store.certificates.append({
      id: "cert-1",
      charter: charter.name,
      charterVersion: charter.version,
      levels: { nurture: { read: "supervised", action: "supervised" } },
      level: "supervised",
      evidenceDigest: "e",
      promotedBy: "ana",
      validForMs: 24 * 3600 * 1000,
    });
    for (const agent of [ok, ok, failing, failing, failing]) await runCrm(t, agent, { charter });
    expect(await t.store.workflows.get("crm-test")).toMatchObject({ paused: true });
    const [, demoted] = await t.store.certificates.list();
    expect(demoted).toMatchObject({
      seq: 2,
      level: "draft",
      levels: { nurture: { read: "draft", action: "draft" } },
    });
    expect(demoted?.promotedBy).toContain("reins (demoted: kill switch paused the workflow: error rate 3/5");
    expect((await t.store.audit.list("workflow:crm-test")).map((e) => e.type)).toEqual([
      "workflow.paused",
      "autonomy.demoted",
    ]);
    await resumeWorkflow({ store: t.store, audit: t.audit, charter: "crm-test", by: "ops" });
    const after = await runCrm(t, ok, { charter });
    const started = (await t.store.audit.list(after.runId)).find((e) => e.type === "run.started");
    expect(started?.data).toMatchObject({
      autonomy: "draft",
      requestedAutonomy: "supervised",
      certificate: demoted?.id,
    });
  });

  it("records failures as error outcomes", async () => {
    const result = await runCrm(t, failing);
    expect(result).toMatchObject({
      status: "failed",
      outcome: { type: "error", code: "AGENT_ERROR", message: "upstream exploded" },
    });
  });

  it("flags the workflow after three escalations in a row for the same reason", async () => {
    await runCrm(t, escalating);
    await runCrm(t, escalating);
    expect((await t.store.workflows.get("crm-test")).flagged).toBe(false);
    await runCrm(t, escalating);
    expect(await t.store.workflows.get("crm-test")).toMatchObject({
      flagged: true,
      flaggedReason: "3 escalations in a row for the same reason (ownership_conflict)",
      paused: false,
    });
    const events = await t.store.audit.list("workflow:crm-test");
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["workflow.flagged", { reason: "3 escalations in a row for the same reason (ownership_conflict)" }],
    ]);
  });
});

describe("memory", () => {
  const acting = functionAgent("acting", async ({ call }) => {
    const result = await call(
      "update_lead",
      { leadId: "L-1", status: "qualified" },
      { basedOn: ["company_size"] },
    );
    return result.status === "ok"
      ? { type: "decision", decision: { decision: "qualified", confidence: 0.9 } }
      : { type: "escalation", reason: "ownership_conflict", evidence: result };
  });

  it.each([
    ["verified", null, "executed"],
    ["inferred", null, "denied"],
    ["verified", 0, "denied"], // past its time to live: expired
  ] as const)("an action resting on a %s fact (ttl %s) is %s", async (provenance, ttlSeconds, status) => {
    await t.store.facts.put({
      charter: "crm-test",
      key: "company_size",
      value: 800,
      provenance,
      source: "crm",
      ttlSeconds,
      recordedAt: new Date(Date.now() - 5_000).toISOString(),
    });
    const result = await runCrm(t, acting);
    expect(result.toolCalls.map((c) => c.status)).toEqual([status]);
  });

  it("scopes retrieval to the charter", async () => {
    await t.store.facts.put({
      charter: "other-workflow",
      key: "secret",
      value: 1,
      provenance: "verified",
      source: "x",
      ttlSeconds: null,
    });
    await t.store.facts.put({
      charter: "crm-test",
      key: "tier",
      value: "gold",
      provenance: "observed",
      source: "run_1",
      ttlSeconds: null,
    });
    let seen: string[] = [];
    await runCrm(
      t,
      functionAgent("reader", async ({ facts }) => {
        seen = facts.map((f) => f.key);
        return { type: "decision", decision: { decision: "nurture", confidence: 0.9 } };
      }),
    );
    expect(seen).toEqual(["tier"]);
  });
});

describe("kill switch off (evaluation sandboxes)", () => {
  it("neither refuses nor pauses", async () => {
    await t.store.workflows.set("crm-test", { paused: true, pausedReason: "production incident" });
    const result = await runCrm(t, ok, { killSwitch: false });
    expect(result.status).toBe("completed");
    for (let i = 0; i < 6; i++) await runCrm(t, failing, { killSwitch: false });
    expect(await t.store.workflows.get("crm-test")).toMatchObject({
      paused: true,
      pausedReason: "production incident",
      flagged: false,
    });
  });
});
