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
  return new MemoryStore({ now: options.now ?? systemClock });
}

const where = "memory";

/**
 * Each area is made when first used (most trials touch three of the eight), through getters on the prototype. Not
 * an object literal with getters: its accessors are closures held by V8's hidden classes, and with them every store
 * (and what its runs hold) outlived minor GCs into the old generation.
 */
class MemoryStore implements Store {
  readonly #context: MemoryContext;
  #closed = false;
  #runs: Store["runs"] | undefined;
  #audit: Store["audit"] | undefined;
  #approvals: Store["approvals"] | undefined;
  #actions: Store["actions"] | undefined;
  #workflows: Store["workflows"] | undefined;
  #memory: Store["memory"] | undefined;
  #evals: Store["evals"] | undefined;
  #modelCache: Store["modelCache"] | undefined;

  constructor(context: MemoryContext) {
    this.#context = context;
  }

  // Checked inside `guardMethods`' one wrapper per method: a store is made per evaluation trial, and every call
  // goes through it.
  readonly #assertOpen = () => {
    if (this.#closed) throw new Error("the store is closed");
  };

  get runs(): Store["runs"] {
    this.#runs ??= guardMethods("runs", where, memoryRuns(this.#context), this.#assertOpen);
    return this.#runs;
  }

  get audit(): Store["audit"] {
    this.#audit ??= guardMethods("audit", where, memoryAudit(this.#context), this.#assertOpen);
    return this.#audit;
  }

  get approvals(): Store["approvals"] {
    this.#approvals ??= guardMethods("approvals", where, memoryApprovals(this.#context), this.#assertOpen);
    return this.#approvals;
  }

  get actions(): Store["actions"] {
    this.#actions ??= guardMethods("actions", where, memoryActions(this.#context), this.#assertOpen);
    return this.#actions;
  }

  get workflows(): Store["workflows"] {
    this.#workflows ??= guardMethods("workflows", where, memoryWorkflows(this.#context), this.#assertOpen);
    return this.#workflows;
  }

  get memory(): Store["memory"] {
    this.#memory ??= guardMethods("memory", where, memoryFacts(this.#context), this.#assertOpen);
    return this.#memory;
  }

  get evals(): Store["evals"] {
    this.#evals ??= guardMethods("evals", where, memoryEvals(), this.#assertOpen);
    return this.#evals;
  }

  get modelCache(): Store["modelCache"] {
    this.#modelCache ??= guardMethods("modelCache", where, memoryModelCache(), this.#assertOpen);
    return this.#modelCache;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
