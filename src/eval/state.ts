import { hashJson } from "../hash/canonical-hash.js";

/** `sha256` of the RFC 8785 canonical JSON of a world state. */
export const hashState = (state: unknown): string => hashJson(state);

export interface StateChange {
  /** Dotted path, array indexes as numbers: `leads.0.status`. */
  path: string;
  before: unknown;
  after: unknown;
}

/** Leaf-level differences between two JSON states (added, removed and changed values), in a stable order. */
export function diffStates(before: unknown, after: unknown, path = ""): StateChange[] {
  if (Object.is(before, after)) return [];
  // A value added or removed whole is diffed leaf by leaf against nothing, so labels can name its fields.
  if (before === undefined && (isObject(after) || Array.isArray(after)))
    return diffStates(Array.isArray(after) ? [] : {}, after, path);
  if (after === undefined && (isObject(before) || Array.isArray(before)))
    return diffStates(before, Array.isArray(before) ? [] : {}, path);
  const bothObjects = isObject(before) && isObject(after);
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  if (!bothObjects && !bothArrays) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
  }
  const keys = bothArrays
    ? Array.from({ length: Math.max((before as unknown[]).length, (after as unknown[]).length) }, (_, i) =>
        String(i),
      )
    : [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])].sort();
  return keys.flatMap((key) =>
    diffStates(
      (before as Record<string, unknown>)[key],
      (after as Record<string, unknown>)[key],
      path === "" ? key : `${path}.${key}`,
    ),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
