import type { Store } from "../store.js";
import { leaseLostError } from "../store-rules.js";
import type { MemoryRuns } from "./runs.js";

/**
 * `Store.commit` in memory: the step's writes through the areas, in the SQL store's order, after the lease check.
 * Nothing in between yields to other work (the areas' methods do not await), so no other call sees half a step.
 */
export function memoryCommit(areas: {
  runs: MemoryRuns;
  audit: Store["audit"];
  approvals: Store["approvals"];
  actions: Store["actions"];
}): Store["commit"] {
  return async (step) => {
    if (step.lease !== undefined && areas.runs.holder(step.runId) !== step.lease.holder) {
      throw leaseLostError(step.runId, step.lease.holder);
    }
    for (const event of step.events ?? []) await areas.audit.append(event);
    if (step.approval !== undefined) await areas.approvals.create(step.approval);
    const result: Awaited<ReturnType<Store["commit"]>> = {};
    if (step.startAction !== undefined) result.action = await areas.actions.start(step.startAction);
    if (step.finishAction !== undefined) {
      const { idempotencyKey, ...outcome } = step.finishAction;
      await areas.actions.finish(idempotencyKey, outcome);
      // Started and finished in one step: the answer is the record as the step leaves it, as in SQL.
      const finished = result.action?.created === true ? await areas.actions.get(idempotencyKey) : undefined;
      if (
        result.action !== undefined &&
        finished !== undefined &&
        result.action.record.idempotencyKey === idempotencyKey
      ) {
        result.action = { record: finished, created: true };
      }
    }
    for (const call of step.calls ?? []) areas.runs.putCall(step.runId, call);
    if (step.run !== undefined) await areas.runs.update(step.runId, step.run);
    if (step.lease?.release === true) await areas.runs.release(step.runId, step.lease.holder);
    return result;
  };
}
