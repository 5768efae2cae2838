import { type AutonomyLevel, autonomyLevels, type Charter } from "../charter/charter.js";
import { brokenCertificate, certificateHash } from "../store/certificate-hash.js";
import type { AutonomyCertificate, Store } from "../store/store.js";

/** How a run's autonomy was settled against the store's autonomy certificates. */
export interface CertifiedAutonomy {
  /** The level the run goes at: the lower of the requested level and the certified one. */
  autonomy: AutonomyLevel;
  /** What the charter (or the caller) asked for. */
  requested: AutonomyLevel;
  /** The certified level, or null when no certificate is in play (the charter's level stands). */
  certified: AutonomyLevel | null;
  /** The certificate that set it, or null. */
  certificate: string | null;
  /** Why the run goes below the requested level; null when it does not. */
  cappedBy: "certificate" | "no-valid-certificate" | null;
  /** Why no certificate counted, when none did: in words, for the audit log. */
  reason: string | null;
}

const rank = (level: AutonomyLevel): number => autonomyLevels.indexOf(level);
export const lowerLevel = (a: AutonomyLevel, b: AutonomyLevel): AutonomyLevel => (rank(a) <= rank(b) ? a : b);

/**
 * The autonomy a run of `charter` may have (a decision, no effect). A store holding no certificate for the charter's
 * name leaves the requested level as it is, unless `required` (the store setting `certificates: required`). Once
 * one exists, the charter runs at no more than its valid certificate's level: the latest one for this exact version,
 * not expired, whose hash still matches its fields, and which comes before any break in the store's chain of
 * certificates (`certificates` is the whole chain, oldest first: a certificate altered or removed makes it and every
 * later one untrusted). With none valid it runs in `shadow`.
 */
export function settleAutonomy(
  charter: Pick<Charter, "name" | "version">,
  requested: AutonomyLevel,
  certificates: readonly AutonomyCertificate[],
  options: { required: boolean; now: Date },
): CertifiedAutonomy {
  const broken = brokenCertificate(certificates);
  const mine = certificates.filter((c) => c.charter === charter.name);
  if (mine.length === 0 && !options.required)
    return {
      autonomy: requested,
      requested,
      certified: null,
      certificate: null,
      cappedBy: null,
      reason: null,
    };
  const valid = [...mine]
    .reverse()
    .find(
      (c) =>
        c.charterVersion === charter.version &&
        Date.parse(c.expiresAt) > options.now.getTime() &&
        isLevel(c.level) &&
        (broken === undefined || c.seq < broken) &&
        certificateHash(withoutHash(c)) === c.hash,
    );
  if (valid === undefined) {
    const reason =
      mine.length === 0
        ? "the store requires a certificate and holds none for this charter"
        : `no certificate for version ${charter.version} that is unexpired and intact${broken === undefined ? "" : ` (the certificate chain is broken at #${broken})`}`;
    return {
      autonomy: "shadow",
      requested,
      certified: "shadow",
      certificate: null,
      cappedBy: requested === "shadow" ? null : "no-valid-certificate",
      reason,
    };
  }
  const certified = valid.level as AutonomyLevel;
  const autonomy = lowerLevel(requested, certified);
  return {
    autonomy,
    requested,
    certified,
    certificate: valid.id,
    cappedBy: autonomy === requested ? null : "certificate",
    reason: null,
  };
}

/** Reads the certificates and the store setting, then settles (the effect at the edge of `settleAutonomy`). */
export async function certifiedAutonomy(
  store: Store,
  charter: Pick<Charter, "name" | "version">,
  requested: AutonomyLevel,
  now: Date,
): Promise<CertifiedAutonomy> {
  const [certificates, setting] = await Promise.all([
    store.certificates.list(),
    store.settings.get("certificates"),
  ]);
  return settleAutonomy(charter, requested, certificates, { required: setting === "required", now });
}

function isLevel(level: string): level is AutonomyLevel {
  return (autonomyLevels as readonly string[]).includes(level);
}

function withoutHash(c: AutonomyCertificate): Omit<AutonomyCertificate, "hash"> {
  const { hash: _hash, ...rest } = c;
  return rest;
}
