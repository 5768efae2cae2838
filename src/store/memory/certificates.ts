import { nextCertificate } from "../certificate-hash.js";
import { fromJsonText, toJsonText } from "../json-text.js";
import type { AutonomyCertificate, Store } from "../store.js";
import { isoNow, type MemoryContext } from "./memory-context.js";

/** `Store["certificates"]` in memory: kept as JSON text, as SQL keeps them, so a caller's object never aliases one. */
export function memoryCertificates(context: MemoryContext): Store["certificates"] {
  const chain: string[] = [];
  const ids = new Set<string>();
  const read = (text: string) => fromJsonText(text) as AutonomyCertificate;
  return {
    async append(certificate) {
      if (ids.has(certificate.id))
        throw new Error(`a certificate with id "${certificate.id}" already exists`);
      const last = chain.at(-1);
      const record = nextCertificate(
        certificate,
        last === undefined ? undefined : read(last),
        isoNow(context),
      );
      chain.push(toJsonText(record));
      ids.add(certificate.id);
      return record;
    },

    async list(filter = {}) {
      return chain.map(read).filter((c) => filter.charter === undefined || c.charter === filter.charter);
    },
  };
}
