import { createHash } from "node:crypto";
import { createRequire } from "node:module";

// canonicalize (the RFC 8785 reference implementation) is CommonJS with a default-export typing that NodeNext
// does not see as callable; require it directly.
const canonicalize = createRequire(import.meta.url)("canonicalize") as (value: unknown) => string | undefined;

/** RFC 8785 canonical JSON of a value (keys sorted, numbers in shortest form). `undefined` fields are dropped. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value === undefined ? null : value) ?? "null";
}

/** `sha256` (hex) of the RFC 8785 canonical JSON of a value: equal data, equal hash, whatever the key order. */
export function hashJson(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}
