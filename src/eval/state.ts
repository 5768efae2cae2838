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
  const changes: StateChange[] = [];
  collectChanges(before, after, path === "" ? [] : [path], changes);
  return changes;
}

/**
 * `diffStates` into one array. It runs on every trial over worlds copied whole, where most subtrees are unchanged:
 * those are walked without allocating (no per-level arrays, no path strings until a change is found, keys sorted
 * only where more than one holds changes).
 */
function collectChanges(before: unknown, after: unknown, path: string[], out: StateChange[]): void {
  if (Object.is(before, after)) return;
  // A value added or removed whole is diffed leaf by leaf against nothing, so labels can name its fields.
  if (before === undefined && (isObject(after) || Array.isArray(after))) {
    collectChanges(Array.isArray(after) ? [] : {}, after, path, out);
    return;
  }
  if (after === undefined && (isObject(before) || Array.isArray(before))) {
    collectChanges(before, Array.isArray(before) ? [] : {}, path, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      path.push(String(i));
      collectChanges(before[i], after[i], path, out);
      path.pop();
    }
    return;
  }
  if (!isObject(before) || !isObject(after)) {
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path: path.join("."), before, after });
    return;
  }
  const start = out.length;
  let changed: ChangedKey[] | undefined;
  for (const key in before) {
    if (Object.hasOwn(before, key)) changed = visitKey(key, before[key], after[key], path, out, changed);
  }
  for (const key in after) {
    if (Object.hasOwn(after, key) && !Object.hasOwn(before, key))
      changed = visitKey(key, undefined, after[key], path, out, changed);
  }
  if (changed !== undefined && changed.length > 1) {
    const sorted = changed
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .flatMap((group) => out.slice(group.from, group.to));
    out.splice(start, sorted.length, ...sorted);
  }
}

/** A key whose subtree holds changes, and where they stand in `out`. */
interface ChangedKey {
  key: string;
  from: number;
  to: number;
}

/** Diffs one key's values into `out`; returns `changed` with the key added if it held changes. */
function visitKey(
  key: string,
  before: unknown,
  after: unknown,
  path: string[],
  out: StateChange[],
  changed: ChangedKey[] | undefined,
): ChangedKey[] | undefined {
  const from = out.length;
  path.push(key);
  collectChanges(before, after, path, out);
  path.pop();
  if (out.length === from) return changed;
  const keys = changed ?? [];
  keys.push({ key, from, to: out.length });
  return keys;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
