/**
 * A sandbox world the tools act on during evaluation, so that actions are checked by the state they leave.
 * The world is handed to tools as `ToolContext.env`.
 */
export interface Environment<World = unknown> {
  /** A fresh world for one trial, from the suite's base world and the case's `world` fixture. */
  create(fixture: unknown): World;
  /** The world's state as plain JSON, for diffs, hashes and `--save-states`. */
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
    create: (fixture) => mergeJson(structuredClone(options.base), fixture) as World,
    snapshot: (world) => structuredClone(world),
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
  return structuredClone(over);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
