/**
 * How every store keeps JSON values: as JSON text, returned parsed. The memory store uses the same functions, so
 * that a value reads back exactly as it would from SQL (`undefined` fields dropped, dates as ISO strings) and no
 * caller can mutate what is stored.
 */

/** A JSON value as text (`undefined` becomes `null`). */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** A nullable JSON value: `null` and `undefined` are kept as `null` (SQL NULL). */
export function toNullableJsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Text back to a value; `null` (SQL NULL) reads as `null`. */
export function fromJsonText(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}
