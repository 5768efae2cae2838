import { randomUUID } from "node:crypto";
import { type AuditSink, appendAudit } from "../audit/audit-log.js";
import { type AutonomyLevel, autonomyLevels, type Charter } from "../charter/charter.js";
import { hashJson } from "../hash/canonical-hash.js";
import type { AutonomyCertificate, Store } from "../store/store.js";
import { settleAutonomy } from "./certified-autonomy.js";
import { workflowAuditId } from "./workflow-audit-id.js";

/** What drops a certified level at once (SPEC: promote slowly, demote fast). */
export interface DemotionCause {
  kind: "redteam-regression" | "critical-miss" | "kill-switch";
  /** In words, for the certificate's `promotedBy` and the audit log. */
  detail: string;
  /** Identifies the evidence: the same cause again (the same failing cases, the same misses) demotes only once. */
  key: string;
  /** The decision options whose cells drop; absent, every cell drops. */
  options?: readonly string[];
}

const lower = (level: string): string => {
  const rank = autonomyLevels.indexOf(level as AutonomyLevel);
  return rank <= 0 ? "shadow" : (autonomyLevels[rank - 1] as string);
};

/** A certificate's levels with the cells of `options` (all when absent) one level lower, down to shadow. */
export function demotedLevels(
  levels: AutonomyCertificate["levels"],
  options: readonly string[] | undefined,
): AutonomyCertificate["levels"] {
  const out: AutonomyCertificate["levels"] = {};
  for (const [option, cells] of Object.entries(levels)) {
    const drops = options === undefined || options.includes(option);
    out[option] = Object.fromEntries(
      Object.entries(cells).map(([effect, level]) => [effect, drops ? lower(level) : level]),
    );
  }
  return out;
}

/** The lowest level among a certificate's cells (shadow when it has none). */
function lowest(levels: AutonomyCertificate["levels"]): string {
  const all = Object.values(levels).flatMap((cells) => Object.values(cells));
  if (all.length === 0) return "shadow";
  return all.reduce((a, b) =>
    autonomyLevels.indexOf(a as AutonomyLevel) <= autonomyLevels.indexOf(b as AutonomyLevel) ? a : b,
  );
}

/**
 * Demote fast: when a charter version holds a valid certificate above shadow, a red-team regression, a critical
 * shadow miss or a kill-switch pause appends a new certificate with the affected cells one level lower (the same
 * expiry), and records `autonomy.demoted` in the workflow's audit chain. Nothing certified, nothing above shadow, or
 * the same cause already applied (the latest certificate is its demotion): nothing is written, and undefined is
 * returned. Promotion stays a human's act (`reins autonomy check --promote`).
 */
export async function demoteCertified(options: {
  store: Store;
  audit: AuditSink;
  charter: Pick<Charter, "name" | "version">;
  cause: DemotionCause;
  now?: Date;
}): Promise<AutonomyCertificate | undefined> {
  const { store, charter, cause } = options;
  const now = options.now ?? new Date();
  const chain = await store.certificates.list();
  const settled = settleAutonomy(charter, "autonomous", chain, { required: false, now });
  const current = chain.find((c) => c.id === settled.certificate);
  if (current === undefined) return undefined;
  const tag = `[${hashJson({ demotion: cause.key }).slice(0, 16)}]`;
  const levels = demotedLevels(current.levels, cause.options);
  if (current.promotedBy.endsWith(tag) || hashJson(levels) === hashJson(current.levels)) return undefined;
  const certificate = await store.certificates.append({
    id: `cert_${now.getTime().toString(36)}_${randomUUID().slice(0, 8)}`,
    charter: current.charter,
    charterVersion: current.charterVersion,
    levels,
    level: lowest(levels),
    evidenceDigest: hashJson({ demotion: cause.key, from: current.id }),
    promotedBy: `reins (demoted: ${cause.detail}) ${tag}`,
    validForMs: Math.max(0, Date.parse(current.expiresAt) - now.getTime()),
  });
  await appendAudit(store, options.audit, {
    runId: workflowAuditId(charter.name),
    type: "autonomy.demoted",
    data: {
      certificate: certificate.id,
      seq: certificate.seq,
      hash: certificate.hash,
      from: current.id,
      version: certificate.charterVersion,
      level: certificate.level,
      previousLevel: current.level,
      levels: certificate.levels,
      cause: {
        kind: cause.kind,
        detail: cause.detail,
        ...(cause.options ? { options: [...cause.options] } : {}),
      },
      expiresAt: certificate.expiresAt,
    },
  });
  return certificate;
}
