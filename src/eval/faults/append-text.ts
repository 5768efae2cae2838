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

/**
 * Appends `text` to the strings at the dotted `paths` of a JSON-like value; an array met on the way is crossed
 * (`notes.body` reaches the body of every note). Returns a new value and the concrete paths it changed
 * (`notes.0.body`); the input is not changed. Other strings, identifiers included, are never touched.
 */
export function appendAtPaths(
  value: unknown,
  text: string,
  paths: readonly string[],
): { value: unknown; changed: string[] } {
  const changed: string[] = [];
  let result = value;
  for (const path of paths) result = appendAt(result, text, path.split("."), [], changed);
  return { value: result, changed };
}

function appendAt(
  value: unknown,
  text: string,
  keys: readonly string[],
  at: string[],
  changed: string[],
): unknown {
  if (Array.isArray(value))
    return value.map((item, i) => appendAt(item, text, keys, [...at, String(i)], changed));
  const [key, ...rest] = keys;
  if (key === undefined) {
    if (typeof value !== "string") return value;
    changed.push(at.join("."));
    return value === "" ? text.trimStart() : value + text;
  }
  if (!isPlainObject(value) || !(key in value)) return value;
  return { ...value, [key]: appendAt(value[key], text, rest, [...at, key], changed) };
}
