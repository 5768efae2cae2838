import { createHmac, hash } from "node:crypto";
import { canonicalJson } from "../hash/canonical-hash.js";
import type { AuditEvent, AuditKey, AuditSchemaVersion } from "./audit-event.js";

/** The `prevHash` of a run's first event: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/** The schemaVersion an entry is written with: 2 (MACed) with a key, else 1. */
export function auditVersion(key: AuditKey | undefined): AuditSchemaVersion {
  return key === undefined ? 1 : 2;
}

/**
 * The digest of one audit entry's text: sha256 for schemaVersion 1, HMAC-SHA256 with `key` for 2. Undefined for a
 * keyed entry when no key is given: nobody without the key can check it.
 */
export function auditDigest(version: number, key: AuditKey | undefined, text: string): string | undefined {
  if (version === 1) return hash("sha256", text, "hex");
  if (version === 2 && key !== undefined) return createHmac("sha256", key.secret).update(text).digest("hex");
  return undefined;
}

function digestOrThrow(version: number, key: AuditKey | undefined, text: string): string {
  const digest = auditDigest(version, key, text);
  if (digest === undefined)
    throw new Error(
      `an audit entry of schemaVersion ${version} needs ${version === 2 ? "the audit key" : "a known version"}`,
    );
  return digest;
}

/**
 * The hash of one audit event: `sha256_hex(prevHash + canonicalJson({ schemaVersion, runId, seq, type, at, data }))`,
 * or for schemaVersion 2 the HMAC-SHA256 of the same text with `key`. The store computes it on append and
 * `verifyAudit` recomputes it, with this one function. Throws for a keyed event without the key.
 */
export function computeEventHash(event: Omit<AuditEvent, "hash">, key?: AuditKey): string {
  const { schemaVersion, runId, seq, type, at, data } = event;
  return digestOrThrow(
    schemaVersion,
    key,
    event.prevHash + canonicalJson({ schemaVersion, runId, seq, type, at, data }),
  );
}

/**
 * `computeEventHash` for an event whose data is already canonical JSON text (`dataText`), without parsing and
 * canonicalising it again: the canonical form of the hashed object is its sorted keys around that text.
 */
export function computeEventHashOfText(
  event: Omit<AuditEvent, "hash" | "data">,
  dataText: string,
  key?: AuditKey,
): string {
  const { schemaVersion, runId, seq, type, at } = event;
  const canonical = `{"at":${JSON.stringify(at)},"data":${dataText},"runId":${JSON.stringify(runId)},"schemaVersion":${schemaVersion},"seq":${seq},"type":${JSON.stringify(type)}}`;
  return digestOrThrow(schemaVersion, key, event.prevHash + canonical);
}

/**
 * The event a store appends after `head` (its run's last event, or none for a run's first): its seq, its link to the
 * previous hash and its own hash. `data` must be what the store keeps and returns (canonical JSON parsed back), so
 * that the hash verify recomputes is this one. With `key`, the event is MACed (schemaVersion 2). Every store builds
 * events with it; a third-party store too.
 */
export function nextAuditEvent(
  input: { runId: string; type: string; data: unknown },
  head: { count: number; headHash: string } | undefined,
  at: string,
  key?: AuditKey,
): AuditEvent {
  const unhashed: Omit<AuditEvent, "hash"> = {
    schemaVersion: auditVersion(key),
    runId: input.runId,
    seq: (head?.count ?? 0) + 1,
    type: input.type,
    at,
    data: input.data,
    prevHash: head?.headHash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: computeEventHash(unhashed, key) };
}
