import { createHash } from "node:crypto";
import { canonicalJson } from "../hash/canonical-hash.js";
import type { AuditEvent } from "./audit-event.js";

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

/**
 * `computeEventHash` for an event whose data is already canonical JSON text (`dataText`), without parsing and
 * canonicalising it again: the canonical form of the hashed object is its sorted keys around that text.
 */
export function computeEventHashOfText(event: Omit<AuditEvent, "hash" | "data">, dataText: string): string {
  const { schemaVersion, runId, seq, type, at } = event;
  const canonical = `{"at":${JSON.stringify(at)},"data":${dataText},"runId":${JSON.stringify(runId)},"schemaVersion":${schemaVersion},"seq":${seq},"type":${JSON.stringify(type)}}`;
  return createHash("sha256")
    .update(event.prevHash + canonical)
    .digest("hex");
}

/**
 * The event a store appends after `head` (its run's last event, or none for a run's first): its seq, its link to the
 * previous hash and its own hash. `data` must be what the store keeps and returns (canonical JSON parsed back), so
 * that the hash verify recomputes is this one. Every store builds events with it; a third-party store too.
 */
export function nextAuditEvent(
  input: { runId: string; type: string; data: unknown },
  head: { count: number; headHash: string } | undefined,
  at: string,
): AuditEvent {
  const unhashed: Omit<AuditEvent, "hash"> = {
    schemaVersion: 1,
    runId: input.runId,
    seq: (head?.count ?? 0) + 1,
    type: input.type,
    at,
    data: input.data,
    prevHash: head?.headHash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: computeEventHash(unhashed) };
}
