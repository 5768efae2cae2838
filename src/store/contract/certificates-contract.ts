import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { canonicalJson } from "../../hash/canonical-hash.js";
import { brokenCertificate } from "../certificate-hash.js";
import type { NewAutonomyCertificate } from "../store.js";
import { type ContractFixture, T0 } from "./fixture.js";

const certificate = (id: string, patch: Partial<NewAutonomyCertificate> = {}): NewAutonomyCertificate => ({
  id,
  charter: "lead-routing",
  charterVersion: "3",
  levels: {
    qualified: { read: "autonomous", action: "draft" },
    nurture: { read: "supervised", action: "shadow" },
  },
  level: "shadow",
  evidenceDigest: "d".repeat(64),
  promotedBy: "ana",
  validForMs: 30 * 24 * 3600 * 1000,
  ...patch,
});

/** `Store["certificates"]`: append-only, chained over the store, listed oldest first, by charter. */
export function certificatesContract(f: ContractFixture): void {
  it("appends a certificate, chains it from the genesis hash and reads it back exactly", async () => {
    const first = await f.store.certificates.append(certificate("c-1"));
    const { seq, createdAt, expiresAt, prevHash, hash, ...rest } = first;
    const { validForMs: _v, ...given } = certificate("c-1");
    expect(rest).toEqual(given);
    expect({ seq, createdAt, expiresAt, prevHash }).toEqual({
      seq: 1,
      createdAt: T0,
      expiresAt: "2025-01-31T00:00:00.000Z",
      prevHash: "0".repeat(64),
    });
    // The hash is sha256(prevHash + canonical JSON of every other field), computed here by hand.
    const { hash: _h, prevHash: _p, ...fields } = first;
    expect(hash).toBe(
      createHash("sha256")
        .update("0".repeat(64) + canonicalJson(fields))
        .digest("hex"),
    );
    expect(await f.store.certificates.list()).toEqual([first]);
  });

  it("links each certificate to the one before, across charters, and lists by charter in order", async () => {
    const a = await f.store.certificates.append(certificate("c-1"));
    f.clock.advance(60);
    const b = await f.store.certificates.append(certificate("c-2", { charter: "ticket-priority" }));
    const c = await f.store.certificates.append(certificate("c-3", { level: "draft" }));
    expect([b.seq, b.prevHash, c.seq, c.prevHash]).toEqual([2, a.hash, 3, b.hash]);
    expect([b.createdAt, b.expiresAt]).toEqual(["2025-01-01T00:01:00.000Z", "2025-01-31T00:01:00.000Z"]);
    expect((await f.store.certificates.list({ charter: "lead-routing" })).map((x) => x.id)).toEqual([
      "c-1",
      "c-3",
    ]);
    const all = await f.store.certificates.list();
    expect(brokenCertificate(all)).toBeUndefined();
    // A certificate changed after the fact breaks the chain at it.
    expect(brokenCertificate(all.map((x) => (x.seq === 2 ? { ...x, level: "autonomous" } : x)))).toBe(2);
  });

  it("refuses an id already used, and keeps the chain as it was", async () => {
    await f.store.certificates.append(certificate("c-1"));
    await expect(f.store.certificates.append(certificate("c-1"))).rejects.toThrow();
    expect((await f.store.certificates.list()).map((x) => x.seq)).toEqual([1]);
  });
}
