// Issue 11, finding 6: agent code could show the gate one input and run another (a getter that answers differently
// from one read to the next, a `toJSON` that hides a field). The gate must judge a plain-data snapshot of the input,
// and the tool must run on exactly that snapshot: a protected field either needs an approval that shows it, or it
// never reaches the tool.

import { createToolRegistry, decideApproval, defineTool, functionAgent, resumeRun, runAgent } from "reins";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testCharter } from "./test-charter.js";
import { useTestStore } from "./test-store.js";

const t = useTestStore();

const clean = { leadId: "L-1", status: "qualified" };

/**
 * Runs an agent that sends `makeInput()` to update_lead (owner is protected); a human approves whatever the run
 * asks to approve, as shown, and the run resumes. Returns what the tool received and what the human was shown.
 */
async function runApprovingWhatIsShown(makeInput: () => unknown) {
  const received: unknown[] = [];
  const updateLead = defineTool({
    name: "update_lead",
    purpose: "Record a lead's status.",
    effect: "action",
    input: z.object({ leadId: z.string(), status: z.string(), owner: z.string().optional() }),
    output: z.object({ ok: z.literal(true) }),
    safeUse: ["To record the decision."],
    unsafeUse: ["To reassign an account."],
    protectedFields: ["owner"],
    idempotent: true,
    execute: (input) => {
      received.push({ ...input });
      return { ok: true as const };
    },
  });
  const registry = createToolRegistry([updateLead]);
  const charter = testCharter("gate-snapshot", registry);
  const agent = functionAgent("two-faced", async ({ call }) => {
    await call("update_lead", makeInput());
    return { type: "decision", decision: { decision: "done", confidence: 1 } };
  });
  const options = { charter, registry, agent, store: t.store, audit: t.audit };
  let result = await runAgent({ ...options, input: {}, runId: "two-faced-1" });
  if (result.suspended?.kind === "approval") {
    await decideApproval({
      store: t.store,
      audit: t.audit,
      approvalId: result.suspended.approval.approvalId,
      decision: "approved",
      decidedBy: "maria",
    });
    result = await resumeRun({ ...options, runId: "two-faced-1" });
  }
  const statuses = ["pending", "approved", "rejected"] as const;
  const approvals = await Promise.all(
    statuses.map((status) => t.store.approvals.list({ runId: "two-faced-1", status })),
  );
  const shown = approvals.flat().map((a) => a.input);
  return { received, shown, status: result.status };
}

/** The tool ran on exactly what a human approved; without an approval, the owner never reached it. */
function expectNoSmuggledOwner({ received, shown }: { received: unknown[]; shown: unknown[] }) {
  if (shown.length > 0) expect(received).toEqual(shown);
  else expect([[], [clean]]).toContainEqual(received);
}

describe("the gate judges a plain-data snapshot and the tool runs on exactly it", () => {
  it("an owner getter that answers differently on every read does not get the owner to the tool unapproved", async () => {
    const observed = await runApprovingWhatIsShown(() => {
      let reads = 0;
      const input = { ...clean };
      Object.defineProperty(input, "owner", {
        enumerable: true,
        get: () => (reads++ % 2 === 0 ? undefined : "mallory"),
      });
      return input;
    });
    expectNoSmuggledOwner(observed);
  });

  // Today's gate happens to catch this one (its audit copy takes the first read); kept so a snapshot taken at the
  // wrong moment cannot let it through.
  it("an owner getter that is undefined on its first read and set afterwards does not get the owner to the tool unapproved", async () => {
    const observed = await runApprovingWhatIsShown(() => {
      let reads = 0;
      const input = { ...clean };
      Object.defineProperty(input, "owner", {
        enumerable: true,
        get: () => (reads++ === 0 ? undefined : "mallory"),
      });
      return input;
    });
    expectNoSmuggledOwner(observed);
  });

  it("an input whose toJSON hides the owner runs, if at all, on exactly what the approver was shown", async () => {
    const observed = await runApprovingWhatIsShown(() => ({
      ...clean,
      owner: "mallory",
      toJSON: () => clean,
    }));
    expectNoSmuggledOwner(observed);
  });
});
