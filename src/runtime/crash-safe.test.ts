import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../store/store.js";
import {
  charter,
  newWorld,
  openTestStore,
  registry,
  runCrm,
  type TestStore,
} from "./__fixtures__/crm-workflow.js";
import { functionAgent } from "./agent.js";
import { decideApproval } from "./approvals.js";
import { type RunAgentOptions, resumeRun } from "./run-agent.js";
import type { SessionState } from "./run-session.js";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(async () => {
  await t.store.close();
});

/** The store, with every `runs.update` recorded: the run's status and how many calls its checkpoint held. */
function countingStore(store: Store) {
  const updates: { status: string | undefined; calls: number | undefined }[] = [];
  const counted: Store = {
    ...store,
    runs: {
      ...store.runs,
      update: async (id, patch) => {
        const checkpoint = patch.checkpoint as SessionState | null | undefined;
        updates.push({ status: patch.status, calls: checkpoint?.toolCalls.length });
        return store.runs.update(id, patch);
      },
    },
  };
  return { store: counted, updates };
}

const twoReadsThenEmail = functionAgent("reader", async ({ call }) => {
  await call("lookup", { domain: "acme.com" });
  await call("lookup", { domain: "acme.com" });
  const sent = await call("send_email", { to: "ceo@acme.com", body: "Booked." });
  return {
    type: "decision",
    decision: { decision: sent.status === "ok" ? "qualified" : "nurture", confidence: 0.9 },
  };
});

describe("crash safety", () => {
  const run = (crashSafe: RunAgentOptions["crashSafe"]) => {
    const counted = countingStore(t.store);
    const world = newWorld();
    const started = runCrm({ ...t, store: counted.store }, twoReadsThenEmail, {
      env: world,
      ...(crashSafe === undefined ? {} : { crashSafe }),
    });
    return { counted, world, started };
  };

  it("by default saves the run's state after every call and journals each execution in the store", async () => {
    const { counted, started } = run(undefined);
    const result = await started;
    expect(result.status).toBe("suspended");
    expect(counted.updates).toEqual([
      { status: undefined, calls: 1 },
      { status: undefined, calls: 2 },
      { status: "suspended", calls: 3 },
    ]);
    const journal = await t.store.actions.list(result.runId);
    expect(journal.map((a) => [a.toolName, a.status])).toEqual([
      ["lookup", "completed"],
      ["lookup", "completed"],
    ]);
  });

  it("without it saves only the suspension and the end, journals nothing in the store, and still resumes", async () => {
    const { counted, world, started } = run(false);
    const first = await started;
    expect(counted.updates).toEqual([{ status: "suspended", calls: 3 }]);
    expect(await t.store.actions.list(first.runId)).toEqual([]);
    const approvalId = first.suspended?.kind === "approval" ? first.suspended.approval.approvalId : "";
    await decideApproval({
      store: t.store,
      audit: t.audit,
      approvalId,
      decision: "approved",
      decidedBy: "ana",
    });
    const resumed = await resumeRun({
      runId: first.runId,
      charter,
      registry,
      agent: twoReadsThenEmail,
      store: counted.store,
      audit: t.audit,
      env: world,
      crashSafe: false,
    });
    expect(resumed.status).toBe("completed");
    expect(resumed.toolCalls.map((c) => [c.toolName, c.status])).toEqual([
      ["lookup", "executed"],
      ["lookup", "executed"],
      ["send_email", "executed"],
    ]);
    expect(world.sent).toEqual([{ to: "ceo@acme.com", body: "Booked." }]);
    expect(await t.store.actions.list(first.runId)).toEqual([]);
    expect(counted.updates.slice(1)).toEqual([
      { status: "running", calls: 3 },
      { status: "completed", calls: 3 },
    ]);
  });
});
