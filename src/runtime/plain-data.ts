import { checkToolInput, type InputCheck } from "../contract/check-input.js";
import type { AnyToolCard } from "../contract/tool-card.js";

/** What `plainData` makes of a value an agent passed: a detached copy of JSON data, or why it is not one. */
export type PlainData = { ok: true; value: unknown } | { ok: false; problem: string };

const maxDepth = 64;

/**
 * A deep copy of `value` as plain JSON data, each property read exactly once: the gate judges this copy and the tool
 * runs on it, so a getter that answers differently on its second read, a `toJSON` that hides a field, or a later
 * mutation by the agent cannot show the gate one input and run another. Only own enumerable string keys of plain
 * objects and arrays are copied (`__proto__` included, as an own key); `undefined` fields are dropped as JSON drops
 * them. Functions, symbols, class instances (a `Date` included), non-finite numbers, cycles and nesting deeper than
 * 64 levels are refused.
 */
export function plainData(value: unknown, root = "(input)"): PlainData {
  try {
    return { ok: true, value: copy(value, root, 0, new Set()) };
  } catch (error) {
    if (error instanceof NotPlain) return { ok: false, problem: error.message };
    return {
      ok: false,
      problem: `reading it failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

class NotPlain extends Error {}

function copy(value: unknown, path: string, depth: number, seen: Set<object>): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new NotPlain(`${path} is ${value}, not a JSON number`);
      return value;
    case "object":
      break;
    default:
      throw new NotPlain(`${path} is a ${typeof value}, not JSON data`);
  }
  if (value === null) return null;
  if (depth >= maxDepth) throw new NotPlain(`${path} is nested more than ${maxDepth} levels deep`);
  if (seen.has(value)) throw new NotPlain(`${path} refers back to itself`);
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    const length = value.length;
    const items: unknown[] = [];
    for (let i = 0; i < length; i++) {
      const item: unknown = value[i];
      items.push(item === undefined ? null : copy(item, `${path}.${i}`, depth + 1, seen));
    }
    out = items;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      throw new NotPlain(
        `${path} is ${typeof name === "string" ? `a ${name}` : "an object of a class"}, not plain data`,
      );
    }
    const object: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item: unknown = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      const copied = copy(item, `${path}.${key}`, depth + 1, seen);
      // Assigning `__proto__` would set the prototype: that key is defined as an own data property instead.
      if (key === "__proto__") {
        Object.defineProperty(object, key, {
          value: copied,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        object[key] = copied;
      }
    }
    out = object;
  }
  seen.delete(value);
  return out;
}

/**
 * `input` checked against the card's schema from a copy of its own: whatever is done to the parsed value (the tool
 * runs on it) cannot reach `input`, which stays the call's record and what a retry parses again.
 */
export function checkCopiedInput(card: AnyToolCard, input: unknown): InputCheck {
  const copy = plainData(input);
  return copy.ok ? checkToolInput(card, copy.value) : { ok: false, problems: [`(input): ${copy.problem}`] };
}
