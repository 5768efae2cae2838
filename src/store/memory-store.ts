import { memoryActions } from "./memory/actions.js";
import { memoryApprovals } from "./memory/approvals.js";
import { memoryAudit } from "./memory/audit.js";
import { memoryCertificates } from "./memory/certificates.js";
import { memoryCommit } from "./memory/commit-step.js";
import { memoryEvals } from "./memory/evals.js";
import { memoryFacts } from "./memory/facts.js";
import type { MemoryContext } from "./memory/memory-context.js";
import { memoryModelCache } from "./memory/model-cache.js";
import { memoryReviews } from "./memory/reviews.js";
import { memoryRuns } from "./memory/runs.js";
import { memorySettings } from "./memory/settings.js";
import { memoryWorkflows } from "./memory/workflows.js";
import type { AuditKey, Store } from "./store.js";
import { guardMethods } from "./store-failure.js";

export interface MemoryStoreOptions {
  /** The clock used for every timestamp the store writes. Defaults to the system clock. */
  now?: () => Date;
  /** The key new audit entries are MACed with (HMAC-SHA256, schemaVersion 2); without it, plain sha256. */
  auditKey?: AuditKey;
}

/**
 * Opens an empty store that lives in this process's memory and is gone when it is closed or dropped: the store an
 * evaluation trial runs against, with the SQLite store's behaviour (same errors, ordering, hash chain and TTL
 * expiry). JSON values are kept as JSON text, as SQL keeps them: what goes in or comes out is a copy, `undefined`
 * fields are dropped and dates read back as ISO strings. After `close()`, every call fails with a `SystemError`.
 */
export function openMemoryStore(options: MemoryStoreOptions = {}): Store {
  const context: MemoryContext = {
    now: options.now ?? (() => new Date()),
    ...(options.auditKey === undefined ? {} : { auditKey: options.auditKey }),
  };
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error("the store is closed");
  };
  const guard = <T extends object>(area: string, methods: T): T =>
    guardMethods(area, where, methods, assertOpen);
  const runs = memoryRuns(context);
  const audit = memoryAudit(context);
  const { appendAll: _appendAll, ...auditArea } = audit;
  const approvals = memoryApprovals(context);
  const actions = memoryActions(context);
  return {
    commit: guard("store", { commit: memoryCommit({ runs, audit, approvals, actions }) }).commit,
    runs: guard<Store["runs"]>("runs", runs),
    audit: guard<Store["audit"]>("audit", auditArea),
    approvals: guard("approvals", {
      ...approvals,
      // Nothing between the decision and its event yields to other work, so no one sees one without the other.
      async decide(id, decision, event) {
        const decided = await approvals.decide(id, decision);
        const audited = event?.(decided);
        if (audited !== undefined) await audit.append(audited);
        return decided;
      },
    } satisfies Store["approvals"]),
    reviews: guard(
      "reviews",
      memoryReviews(context, (event) => audit.appendAll([event])),
    ),
    actions: guard("actions", actions),
    workflows: guard("workflows", memoryWorkflows(context)),
    settings: guard("settings", memorySettings()),
    certificates: guard("certificates", memoryCertificates(context)),
    facts: guard("facts", memoryFacts(context)),
    evals: guard("evals", memoryEvals()),
    modelCache: guard("modelCache", memoryModelCache()),
    close: async () => {
      closed = true;
    },
  };
}

const where = "memory";
