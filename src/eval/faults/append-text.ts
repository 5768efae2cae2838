/**
 * Appends `text` to every string value in a JSON-like value, at any depth (object keys are left alone).
 * Returns a new value; the input is not changed.
 */
export function appendToStrings(value: unknown, text: string): unknown {
  if (typeof value === "string") return value + text;
  if (Array.isArray(value)) return value.map((item) => appendToStrings(item, text));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, appendToStrings(item, text)]));
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
