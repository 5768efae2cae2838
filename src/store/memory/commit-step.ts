import type { Store } from "../store.js";
import { leaseLostError } from "../store-rules.js";
import type { MemoryAudit } from "./audit.js";
import type { MemoryRuns } from "./runs.js";

/**
 * `Store.commit` in memory: the step's writes through the areas, in the SQL store's order, after the lease check.
 * Nothing in between yields to other work (the areas' methods do not await), so no other call sees half a step.
 */
export function memoryCommit(areas: {
  runs: MemoryRuns;
  audit: MemoryAudit;
  approvals: Store["approvals"];
  actions: Store["actions"];
}): Store["commit"] {
  return async (step) => {
    if (step.lease !== undefined && areas.runs.holder(step.runId) !== step.lease.holder) {
      throw leaseLostError(step.runId, step.lease.holder);
    }
    areas.audit.appendAll(step.events ?? []);
    if (step.approval !== undefined) await areas.approvals.create(step.approval);
    const start = step.startAction;
    const created = start === undefined ? undefined : (await areas.actions.start(start)).created;
    if (step.finishAction !== undefined) {
      const { idempotencyKey, ...outcome } = step.finishAction;
      await areas.actions.finish(idempotencyKey, outcome);
    }
    const result: Awaited<ReturnType<Store["commit"]>> = {};
    // The journal record as the step leaves it (finished too, when the step also finished it), as in SQL.
    const record = start === undefined ? undefined : await areas.actions.get(start.idempotencyKey);
    if (record !== undefined && created !== undefined) result.action = { record, created };
    for (const call of step.calls ?? []) areas.runs.putCall(step.runId, call);
    if (step.run !== undefined) await areas.runs.update(step.runId, step.run);
    if (step.lease?.release === true) await areas.runs.release(step.runId, step.lease.holder);
    return result;
  };
}
