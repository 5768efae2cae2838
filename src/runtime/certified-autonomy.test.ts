import { describe, expect, it } from "vitest";
import { nextCertificate } from "../store/certificate-hash.js";
import type { AutonomyCertificate } from "../store/store.js";
import { settleAutonomy } from "./certified-autonomy.js";

const charter = { name: "ticket-priority", version: "1" };
const now = new Date("2026-01-10T00:00:00.000Z");

function chain(...levels: { level: string; version?: string; expiresAt?: string; charter?: string }[]) {
  const out: AutonomyCertificate[] = [];
  for (const [i, c] of levels.entries())
    out.push(
      nextCertificate(
        {
          id: `c-${i + 1}`,
          charter: c.charter ?? charter.name,
          charterVersion: c.version ?? "1",
          levels: {},
          level: c.level,
          evidenceDigest: "d",
          promotedBy: "ana",
          validForMs:
            Date.parse(c.expiresAt ?? "2026-02-01T00:00:00.000Z") - Date.parse("2026-01-01T00:00:00.000Z"),
        },
        out.at(-1),
        "2026-01-01T00:00:00.000Z",
      ),
    );
  return out;
}

describe("settleAutonomy", () => {
  it("leaves the charter's level alone when the store holds no certificate for it and none is required", () => {
    expect(
      settleAutonomy(charter, "autonomous", chain({ level: "draft", charter: "other" }), {
        required: false,
        now,
      }),
    ).toEqual({
      autonomy: "autonomous",
      requested: "autonomous",
      certified: null,
      certificate: null,
      cappedBy: null,
      reason: null,
    });
  });

  it("caps a charter hand-edited above its certificate at the certified level, and never raises one below it", () => {
    const certs = chain({ level: "draft" }, { level: "supervised" });
    expect(settleAutonomy(charter, "autonomous", certs, { required: false, now })).toMatchObject({
      autonomy: "supervised",
      certified: "supervised",
      certificate: "c-2",
      cappedBy: "certificate",
    });
    expect(settleAutonomy(charter, "draft", certs, { required: false, now })).toMatchObject({
      autonomy: "draft",
      cappedBy: null,
    });
  });

  it("runs in shadow when no certificate is valid: other version, expired, tampered, or none while required", () => {
    const expired = chain({ level: "autonomous", expiresAt: "2026-01-10T00:00:00.000Z" });
    const otherVersion = chain({ level: "autonomous", version: "2" });
    const tamperedCert = { ...chain({ level: "draft" })[0], level: "autonomous" } as AutonomyCertificate;
    for (const certs of [expired, otherVersion, [tamperedCert]])
      expect(settleAutonomy(charter, "autonomous", certs, { required: false, now })).toMatchObject({
        autonomy: "shadow",
        certified: "shadow",
        certificate: null,
        cappedBy: "no-valid-certificate",
      });
    expect(settleAutonomy(charter, "supervised", [], { required: true, now })).toMatchObject({
      autonomy: "shadow",
      cappedBy: "no-valid-certificate",
      reason: "the store requires a certificate and holds none for this charter",
    });
  });

  it("trusts no certificate at or after a break in the chain, even one whose own hash still holds", () => {
    const [first, second, third] = chain(
      { level: "draft" },
      { level: "supervised", charter: "other" },
      { level: "autonomous" },
    );
    const whole = [first, second, third] as AutonomyCertificate[];
    expect(settleAutonomy(charter, "autonomous", whole, { required: false, now })).toMatchObject({
      autonomy: "autonomous",
      certificate: "c-3",
    });
    // Another charter's certificate removed from the middle: the third's own hash holds, its link does not.
    expect(
      settleAutonomy(charter, "autonomous", [first, third] as AutonomyCertificate[], {
        required: false,
        now,
      }),
    ).toMatchObject({
      autonomy: "draft",
      certificate: "c-1",
      cappedBy: "certificate",
    });
    const raised = { ...first, level: "autonomous" } as AutonomyCertificate;
    expect(
      settleAutonomy(charter, "autonomous", [raised, second, third] as AutonomyCertificate[], {
        required: false,
        now,
      }),
    ).toMatchObject({
      autonomy: "shadow",
      certificate: null,
      reason:
        "no certificate for version 1 that is unexpired and intact (the certificate chain is broken at #1)",
    });
  });
});
