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
  return new MemoryStore({ now: options.now ?? systemClock }) as unknown as Store;
}

const where = "memory";

type Area = Exclude<keyof Store, "close">;

const makers: { [A in Area]: (context: MemoryContext) => Store[A] } = {
  runs: memoryRuns,
  audit: memoryAudit,
  approvals: memoryApprovals,
  actions: memoryActions,
  workflows: memoryWorkflows,
  memory: memoryFacts,
  evals: () => memoryEvals(),
  modelCache: () => memoryModelCache(),
};

/**
 * Each area is made when first used (most trials touch three of the eight) by a getter shared by every store, and
 * defined on each store as an own, enumerable property: `{ ...store, runs: wrapped }` keeps the other areas. Not an
 * object literal with getters: its accessors are closures of their own held by V8's hidden classes, and with them
 * every store (and what its runs hold) outlived minor GCs into the old generation.
 */
class MemoryStore {
  static readonly #areas: PropertyDescriptorMap = Object.fromEntries(
    (Object.keys(makers) as Area[]).map((name) => [
      name,
      {
        enumerable: true,
        get(this: MemoryStore) {
          return this.#area(name);
        },
      },
    ]),
  );
  readonly #context: MemoryContext;
  readonly #made: Partial<Record<Area, unknown>> = {};
  #closed = false;

  constructor(context: MemoryContext) {
    this.#context = context;
    Object.defineProperties(this, MemoryStore.#areas);
  }

  // Checked inside `guardMethods`' one wrapper per method: a store is made per evaluation trial, and every call
  // goes through it.
  readonly #assertOpen = () => {
    if (this.#closed) throw new Error("the store is closed");
  };

  #area(name: Area): unknown {
    this.#made[name] ??= guardMethods(name, where, makers[name](this.#context), this.#assertOpen);
    return this.#made[name];
  }

  // An own property too, like the areas.
  readonly close = async (): Promise<void> => {
    this.#closed = true;
  };
}
