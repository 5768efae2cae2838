import { createHash, hash } from "node:crypto";

/**
 * RFC 8785 canonical JSON of a value (keys sorted by UTF-16 code units, numbers and strings as `JSON.stringify`
 * writes them, which is what the RFC prescribes). `undefined` fields are dropped; `undefined` alone is `null`.
 *
 * Output is identical to the `canonicalize` package (the RFC's reference implementation; `canonical-hash.test.ts`
 * checks it), written with loops instead of `reduce` and an insertion sort for small key lists: every evaluation
 * trial hashes its world, and `Array.prototype.sort`'s per-call workspace was a large share of a trial's allocation.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value === undefined ? null : value);
}

/** `sha256` (hex) of the RFC 8785 canonical JSON of a value: equal data, equal hash, whatever the key order. */
export function hashJson(value: unknown): string {
  return hash("sha256", canonicalJson(value), "hex");
}

/**
 * `hashJson` for a large value (an evaluation's whole dataset): the same hash, but the canonical text is fed to the
 * hash an array item at a time instead of built as one string, so hashing tens of thousands of cases holds one
 * case's text at a time rather than the whole dataset's several times over.
 */
export function hashLargeJson(value: unknown): string {
  const hash = createHash("sha256");
  feed(value === undefined ? null : value, (text) => hash.update(text));
  return hash.digest("hex");
}

/** Writes `serialize(value)` to `write` in pieces: objects member by member, arrays item by item. */
function feed(value: unknown, write: (text: string) => void): void {
  if (value === null || typeof value !== "object") {
    write(serialize(value));
    return;
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (toJSON instanceof Function) {
    feed(toJSON.call(value), write);
    return;
  }
  if (Array.isArray(value)) {
    write("[");
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) continue;
      const item: unknown = value[i];
      if (i > 0) write(",");
      write(serialize(item === undefined || typeof item === "symbol" ? null : item));
    }
    write("]");
    return;
  }
  const object = value as Record<string, unknown>;
  let first = true;
  write("{");
  for (const key of sortedKeys(object)) {
    const item = object[key];
    if (item === undefined || typeof item === "symbol") continue;
    write(`${first ? "" : ","}${JSON.stringify(key)}:`);
    first = false;
    feed(item, write);
  }
  write("}");
}

function serialize(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new Error(Number.isNaN(value) ? "NaN is not allowed" : "Infinity is not allowed");
  }
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (toJSON instanceof Function) return serialize(toJSON.call(value));
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) continue; // holes are skipped, as `reduce` skips them in the reference implementation
      const item: unknown = value[i];
      if (i > 0) out += ",";
      out += serialize(item === undefined || typeof item === "symbol" ? null : item);
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  let out = "";
  for (const key of sortedKeys(object)) {
    const item = object[key];
    if (item === undefined || typeof item === "symbol") continue;
    out += `${out.length === 0 ? "" : ","}${JSON.stringify(key)}:${serialize(item)}`;
  }
  return `{${out}}`;
}

/** `Object.keys(object).sort()`, sorting short lists in place by insertion. */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}
