import { expect, it } from "vitest";
import type { WorkflowState } from "../store.js";
import type { ContractFixture } from "./fixture.js";

const never = "1970-01-01T00:00:00.000Z";

/** `Store["workflows"]`: the kill switch's persisted state per charter. */
export function workflowsContract(f: ContractFixture): void {
  it("reads a workflow never set as running: not paused, not flagged, never updated", async () => {
    const expected: WorkflowState = {
      charter: "lead-routing",
      paused: false,
      pausedReason: null,
      flagged: false,
      flaggedReason: null,
      updatedAt: never,
    };
    expect(await f.store.workflows.get("lead-routing")).toEqual(expected);
  });

  it("sets only the fields given and keeps workflows apart", async () => {
    const t1 = f.clock.advance(1);
    const paused = await f.store.workflows.set("lead-routing", {
      paused: true,
      pausedReason: "error rate 40%",
    });
    expect(paused).toEqual({
      charter: "lead-routing",
      paused: true,
      pausedReason: "error rate 40%",
      flagged: false,
      flaggedReason: null,
      updatedAt: t1,
    });
    const t2 = f.clock.advance(1);
    const flagged = await f.store.workflows.set("lead-routing", {
      flagged: true,
      flaggedReason: "3 escalations",
    });
    expect(flagged).toEqual({ ...paused, flagged: true, flaggedReason: "3 escalations", updatedAt: t2 });
    const t3 = f.clock.advance(1);
    const resumed = await f.store.workflows.set("lead-routing", { paused: false, pausedReason: null });
    expect(resumed).toEqual({ ...flagged, paused: false, pausedReason: null, updatedAt: t3 });
    expect(await f.store.workflows.get("lead-routing")).toEqual(resumed);
    expect((await f.store.workflows.get("support-triage")).paused).toBe(false);
  });
}
