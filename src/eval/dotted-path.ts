/**
 * Reads a dotted path (`customer.note`, `items.0.text`) from a JSON value; undefined where it does not lead.
 */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Sets the value at a dotted path whose parent exists (it mutates `value`: call it on a copy). */
export function writePath(value: unknown, path: string, next: unknown): void {
  const keys = path.split(".");
  const last = keys.pop() ?? "";
  const parent = keys.length === 0 ? value : readPath(value, keys.join("."));
  if (typeof parent !== "object" || parent === null) throw new Error(`no object at "${keys.join(".")}"`);
  (parent as Record<string, unknown>)[last] = next;
}
