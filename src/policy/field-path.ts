import { everyElement, fieldPathSegments } from "../schema/field-path-syntax.js";

/** Reads `a.b.0.c` from a value; undefined when any step is missing. */
export function readField(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Every value a path reaches, `[]` fanning out over a list's elements (`items[].price`); missing steps reach none. */
export function readFieldValues(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of fieldPathSegments(path)) {
    current = current.flatMap((item) => {
      if (part === everyElement) return Array.isArray(item) ? item : [];
      if (item === null || typeof item !== "object") return [];
      const next = Object.hasOwn(item, part) ? (item as Record<string, unknown>)[part] : undefined;
      return next === undefined ? [] : [next];
    });
  }
  return current;
}

/** Whether a call's input sets a protected path: some value it reaches is present. */
export function setsField(input: unknown, path: string): boolean {
  return readFieldValues(input, path).some((v) => v !== undefined);
}
