import { memoryActions } from "./memory/actions.js";
import { memoryApprovals } from "./memory/approvals.js";
import { memoryAudit } from "./memory/audit.js";
import { memoryEvals } from "./memory/evals.js";
import { memoryFacts } from "./memory/facts.js";
import { type MemoryContext, systemClock } from "./memory/memory-context.js";
import { memoryModelCache } from "./memory/model-cache.js";
import { memoryRuns } from "./memory/runs.js";
import { memoryWorkflows } from "./memory/workflows.js";
import type { Store } from "./store.js";
import { guardMethods } from "./store-failure.js";

export interface MemoryStoreOptions {
  /** The clock used for every timestamp the store writes. Defaults to the system clock. */
  now?: () => Date;
}

/**
 * Opens an empty store that lives in this process's memory and is gone when it is closed or dropped: the store an
 * evaluation trial runs against, with the SQLite store's behaviour (same errors, ordering, hash chain and TTL
 * expiry). JSON values are kept as JSON text, as SQL keeps them: what goes in or comes out is a copy, `undefined`
 * fields are dropped and dates read back as ISO strings. After `close()`, every call fails with a `SystemError`.
 */
export function openMemoryStore(options: MemoryStoreOptions = {}): Store {
  const context: MemoryContext = { now: options.now ?? systemClock };
  const where = "memory";
  let closed = false;

  // Checked inside `guardMethods`' one wrapper per method: a store is made per evaluation trial, and every call
  // goes through it.
  const assertOpen = () => {
    if (closed) throw new Error("the store is closed");
  };

  // Each area is made when first used: most trials touch three of the eight.
  const made: Partial<Omit<Store, "close">> = {};
  return {
    get runs() {
      return (made.runs ??= guardMethods("runs", where, memoryRuns(context), assertOpen));
    },
    get audit() {
      return (made.audit ??= guardMethods("audit", where, memoryAudit(context), assertOpen));
    },
    get approvals() {
      return (made.approvals ??= guardMethods("approvals", where, memoryApprovals(context), assertOpen));
    },
    get actions() {
      return (made.actions ??= guardMethods("actions", where, memoryActions(context), assertOpen));
    },
    get workflows() {
      return (made.workflows ??= guardMethods("workflows", where, memoryWorkflows(context), assertOpen));
    },
    get memory() {
      return (made.memory ??= guardMethods("memory", where, memoryFacts(context), assertOpen));
    },
    get evals() {
      return (made.evals ??= guardMethods("evals", where, memoryEvals(), assertOpen));
    },
    get modelCache() {
      return (made.modelCache ??= guardMethods("modelCache", where, memoryModelCache(), assertOpen));
    },
    async close() {
      closed = true;
    },
  };
}
