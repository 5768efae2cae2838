import { createHash } from "node:crypto";
import { GENESIS_HASH } from "../audit-event/event-hash.js";
import { canonicalJson } from "../hash/canonical-hash.js";
import type { AutonomyCertificate, NewAutonomyCertificate } from "./store.js";

/** The hash of a certificate: sha256 of its `prevHash`, then the canonical JSON of every other field but `hash`. */
export function certificateHash(certificate: Omit<AutonomyCertificate, "hash">): string {
  const { prevHash, ...fields } = certificate;
  return createHash("sha256")
    .update(prevHash + canonicalJson(fields))
    .digest("hex");
}

/** The certificate after `tail` (the chain's last certificate, or none), created at `at`. */
export function nextCertificate(
  certificate: NewAutonomyCertificate,
  tail: Pick<AutonomyCertificate, "seq" | "hash"> | undefined,
  at: string,
): AutonomyCertificate {
  const { validForMs, ...fields } = certificate;
  const unhashed: Omit<AutonomyCertificate, "hash"> = {
    ...fields,
    seq: (tail?.seq ?? 0) + 1,
    createdAt: at,
    expiresAt: new Date(Date.parse(at) + validForMs).toISOString(),
    prevHash: tail?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: certificateHash(unhashed) };
}

/** The seq of the first certificate whose link or hash does not hold, or undefined when the chain is whole. */
export function brokenCertificate(chain: readonly AutonomyCertificate[]): number | undefined {
  let prev = GENESIS_HASH;
  for (const [index, certificate] of chain.entries()) {
    const { hash, ...unhashed } = certificate;
    if (certificate.seq !== index + 1 || certificate.prevHash !== prev || certificateHash(unhashed) !== hash)
      return certificate.seq;
    prev = hash;
  }
  return undefined;
}
