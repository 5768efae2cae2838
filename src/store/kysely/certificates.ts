import type { Selectable } from "kysely";
import { nextCertificate } from "../certificate-hash.js";
import type { AutonomyCertificatesTable } from "../database.js";
import { fromJsonText, toJsonText } from "../json-text.js";
import type { AutonomyCertificate, Store } from "../store.js";
import { isoNow, type SqlContext } from "./sql-context.js";

function toRecord(row: Selectable<AutonomyCertificatesTable>): AutonomyCertificate {
  return {
    seq: row.seq,
    id: row.id,
    charter: row.charter,
    charterVersion: row.charter_version,
    levels: fromJsonText(row.levels) as AutonomyCertificate["levels"],
    level: row.level,
    evidenceDigest: row.evidence_digest,
    promotedBy: row.promoted_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** `Store["certificates"]` over Kysely: rows are inserted, never updated or deleted; the tail is read in the insert's transaction. */
export function sqlCertificates(context: SqlContext): Store["certificates"] {
  const { db } = context;
  return {
    async append(certificate) {
      return db.transaction().execute(async (trx) => {
        if (context.lockChain !== undefined) await context.lockChain(trx, "certificates");
        const tail = await trx
          .selectFrom("autonomy_certificates")
          .select(["seq", "hash"])
          .orderBy("seq", "desc")
          .limit(1)
          .executeTakeFirst();
        const record = nextCertificate(certificate, tail, isoNow(context));
        await trx
          .insertInto("autonomy_certificates")
          .values({
            seq: record.seq,
            id: record.id,
            charter: record.charter,
            charter_version: record.charterVersion,
            levels: toJsonText(record.levels),
            level: record.level,
            evidence_digest: record.evidenceDigest,
            promoted_by: record.promotedBy,
            created_at: record.createdAt,
            expires_at: record.expiresAt,
            prev_hash: record.prevHash,
            hash: record.hash,
          })
          .execute();
        return record;
      });
    },

    async list(filter = {}) {
      let query = db.selectFrom("autonomy_certificates").selectAll();
      if (filter.charter !== undefined) query = query.where("charter", "=", filter.charter);
      const rows = await query.orderBy("seq", "asc").execute();
      return rows.map(toRecord);
    },
  };
}
