import type { Store, WorkflowState } from "../store.js";
import { unsetWorkflow } from "../store-rules.js";
import { isoNow, type MemoryContext } from "./memory-context.js";

/**
 * `Store["workflows"]` in memory. A workflow never set reads as running (not paused, not flagged). `set` changes
 * only the fields given; clear a reason with `null`.
 */
export function memoryWorkflows(context: MemoryContext): Store["workflows"] {
  const workflows = new Map<string, WorkflowState>();

  function read(charter: string): WorkflowState {
    const state = workflows.get(charter);
    return state === undefined ? unsetWorkflow(charter) : { ...state };
  }

  return {
    async get(charter) {
      return read(charter);
    },

    async set(charter, patch) {
      const state: WorkflowState = { ...read(charter), updatedAt: isoNow(context) };
      if (patch.paused !== undefined) state.paused = patch.paused;
      if (patch.pausedReason !== undefined) state.pausedReason = patch.pausedReason;
      if (patch.flagged !== undefined) state.flagged = patch.flagged;
      if (patch.flaggedReason !== undefined) state.flaggedReason = patch.flaggedReason;
      workflows.set(charter, state);
      return { ...state };
    },
  };
}
