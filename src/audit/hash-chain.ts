import { createHash } from "node:crypto";
import { canonicalJson } from "../hash/canonical-hash.js";
import type { AuditEvent } from "../store/store.js";

/** The `prevHash` of a run's first event: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The hash of one audit event: `sha256_hex(prevHash + canonicalJson({ schemaVersion, runId, seq, type, at, data }))`.
 * The store computes it on append and `verifyAudit` recomputes it, with this one function.
 */
export function computeEventHash(event: Omit<AuditEvent, "hash">): string {
  const { schemaVersion, runId, seq, type, at, data } = event;
  return createHash("sha256")
    .update(event.prevHash + canonicalJson({ schemaVersion, runId, seq, type, at, data }))
    .digest("hex");
}
