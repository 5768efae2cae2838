import type { StoreChainEntry } from "../audit-event/audit-event.js";
import type { Store } from "../store/store.js";
import type { AuditProblem } from "./check-chain.js";

/**
 * The store-level chain's head, exported for keeping elsewhere (`reins audit anchor`) and kept beside the store by
 * the CLI (`<store>.anchor.json`): a store that no longer holds this entry at this position was truncated, emptied
 * or rewound.
 */
export interface StoreAnchor {
  format: "reins-audit-anchor";
  version: 1;
  /** The store chain's length (its last entry's seq); 0 for a store with no entry yet. */
  position: number;
  /** The last entry's hash (64 zeros at position 0). */
  hash: string;
  /** Events and runs (chains) in the store when the anchor was taken. */
  events: number;
  runs: number;
  /** Whether the last entry is keyed (an HMAC). */
  keyed: boolean;
  /** When the anchor was taken. */
  at: string;
}

/** The anchor of the store as it stands now. */
export async function takeAnchor(store: Store, at: Date): Promise<StoreAnchor> {
  const chain = await store.audit.chain();
  const heads = await store.audit.heads();
  const last = chain[chain.length - 1];
  return {
    format: "reins-audit-anchor",
    version: 1,
    position: last?.seq ?? 0,
    hash: last?.hash ?? "0".repeat(64),
    events: heads.reduce((sum, head) => sum + head.count, 0),
    runs: heads.length,
    keyed: last?.schemaVersion === 2,
    at: at.toISOString(),
  };
}

/** Whether the store chain still holds the anchored entry at its position; a problem of the store if not. */
export function checkAnchor(
  chain: readonly StoreChainEntry[],
  anchor: Pick<StoreAnchor, "position" | "hash" | "events" | "runs">,
  source: string,
): AuditProblem[] {
  if (anchor.position === 0) return [];
  const entry = chain.find((e) => e.seq === anchor.position);
  const problem = (kind: AuditProblem["kind"], message: string): AuditProblem[] => [
    { runId: "", seq: anchor.position, kind, message, scope: "store" },
  ];
  if (chain.length === 0)
    return problem(
      "truncated",
      `the store chain is empty; ${source} records entry ${anchor.position} (${anchor.events} events in ${anchor.runs} runs): the store was emptied or replaced`,
    );
  if (entry === undefined) {
    const last = chain[chain.length - 1] as StoreChainEntry;
    return problem(
      "truncated",
      `the store chain ends at entry ${last.seq}; ${source} records entry ${anchor.position}: the store was truncated or rewound`,
    );
  }
  if (entry.hash !== anchor.hash)
    return problem(
      "edited",
      `store chain entry ${anchor.position} is not the one ${source} records: the store was rewritten`,
    );
  return [];
}
