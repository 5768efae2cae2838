/**
 * A sandbox world the tools act on during evaluation, so that actions are checked by the state they leave.
 * The world is handed to tools as `ToolContext.env`.
 */
export interface Environment<World = unknown> {
  /** A fresh world for one trial, from the suite's base world and the case's `world` fixture. */
  create(fixture: unknown): World;
  /** The world's state as plain JSON, for diffs, hashes and saved final states. */
  snapshot(world: World): unknown;
  /** Optional: drops what must not count when comparing with the oracle's final state (free text, timestamps). */
  normalize?(state: unknown): unknown;
}

/**
 * The common case: the world is plain JSON. Each trial gets a deep copy of the base world with the case's fixture
 * merged over it (objects merge by key; arrays and scalars replace).
 */
export function jsonEnvironment<World extends object>(options: {
  base: World;
  normalize?: (state: unknown) => unknown;
}): Environment<World> {
  return {
    create: (fixture) => mergedCopy(options.base, fixture) as World,
    snapshot: (world) => copyJson(world),
    ...(options.normalize ? { normalize: options.normalize } : {}),
  };
}

export function mergeJson(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = mergeJson(out[key], value);
    return out;
  }
  return copyJson(over);
}

/** `mergeJson(copyJson(base), over)` in one pass: each value copied once, whether it comes from `base` or `over`. */
function mergedCopy(base: unknown, over: unknown): unknown {
  if (over === undefined) return copyJson(base);
  if (!isPlainObject(base) || !isPlainObject(over)) return copyJson(over);
  const out: Record<string, unknown> = {};
  for (const key in base) {
    if (Object.hasOwn(base, key))
      out[key] = Object.hasOwn(over, key) ? mergedCopy(base[key], over[key]) : copyJson(base[key]);
  }
  for (const key in over) {
    if (Object.hasOwn(over, key) && !Object.hasOwn(base, key)) out[key] = copyJson(over[key]);
  }
  return out;
}

/**
 * A deep copy of a JSON value: plain objects, arrays and primitives copied by hand, which is several times faster
 * than `structuredClone` (a serializer round trip) on the small worlds a trial copies twice; anything else (a Date,
 * a Map) is left to `structuredClone`.
 */
export function copyJson<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.hasOwn(value, key)) out[key] = copyJson((value as Record<string, unknown>)[key]);
  }
  return out as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
