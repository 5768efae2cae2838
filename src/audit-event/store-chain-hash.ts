import type { AuditKey, StoreChainEntry } from "./audit-event.js";
import { auditDigest, auditVersion, GENESIS_HASH } from "./event-hash.js";

/** The text a store-chain entry's hash covers: its link, then its fields in a fixed order. */
function entryText(entry: Omit<StoreChainEntry, "hash">): string {
  const { schemaVersion, seq, runId, runCount, runHead, at } = entry;
  return `${entry.prevHash}${JSON.stringify({ at, runCount, runHead, runId, schemaVersion, seq })}`;
}

/** The hash of a store-chain entry (sha256, or HMAC-SHA256 with `key` for schemaVersion 2); undefined without the key. */
export function computeStoreEntryHash(
  entry: Omit<StoreChainEntry, "hash">,
  key: AuditKey | undefined,
): string | undefined {
  return auditDigest(entry.schemaVersion, key, entryText(entry));
}

/** The store-chain entry after `tail` (the chain's last entry, or none) recording a run's head. */
export function nextStoreEntry(
  run: { runId: string; count: number; headHash: string },
  tail: { seq: number; hash: string } | undefined,
  at: string,
  key: AuditKey | undefined,
): StoreChainEntry {
  const unhashed: Omit<StoreChainEntry, "hash"> = {
    schemaVersion: auditVersion(key),
    seq: (tail?.seq ?? 0) + 1,
    runId: run.runId,
    runCount: run.count,
    runHead: run.headHash,
    at,
    prevHash: tail?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: computeStoreEntryHash(unhashed, key) as string };
}
