import { ReinsError } from "../errors/reins-error.js";
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
import { storeFailure } from "./store-failure.js";

export interface MemoryStoreOptions {
  /** The clock used for every timestamp the store writes. Defaults to the system clock. */
  now?: () => Date;
}

// biome-ignore lint/suspicious/noExplicitAny: any function that returns a promise.
type AsyncMethods = Record<string, (...args: any[]) => Promise<unknown>>;

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

  // One wrapper per method, checking that the store is open and wrapping unexpected errors as `guardMethods` does
  // for the SQL stores (a store is made per evaluation trial, and every call goes through this).
  function area<T extends AsyncMethods>(name: string, methods: T): T {
    const open: AsyncMethods = {};
    for (const [method, call] of Object.entries(methods)) {
      open[method] = async (...args: unknown[]) => {
        try {
          if (closed) throw new Error("the store is closed");
          return await call(...args);
        } catch (error) {
          throw ReinsError.isInstance(error) ? error : storeFailure(`${name}.${method}`, where, error);
        }
      };
    }
    return open as T;
  }

  return {
    runs: area("runs", memoryRuns(context)),
    audit: area("audit", memoryAudit(context)),
    approvals: area("approvals", memoryApprovals(context)),
    actions: area("actions", memoryActions(context)),
    workflows: area("workflows", memoryWorkflows(context)),
    memory: area("memory", memoryFacts(context)),
    evals: area("evals", memoryEvals()),
    modelCache: area("modelCache", memoryModelCache()),
    async close() {
      closed = true;
    },
  };
}
