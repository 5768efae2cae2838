import type { z } from "zod";
import { appendToStrings } from "./append-text.js";

/**
 * Appends `text` to every string of a tool's result that its output schema still accepts with the text: a
 * string that cannot carry free text (an enum, an email, a pattern) keeps its value. An injection that broke
 * the contract would be blocked as abnormal data and never reach the agent; one hidden in the free-text
 * fields does, which is what a policy trap tests. A result the schema rejects already is returned with every
 * string injected.
 */
export function injectText(output: unknown, text: string, schema: z.ZodType): unknown {
  if (!schema.safeParse(output).success) return appendToStrings(output, text);
  const injected = appendToStrings(output, text);
  for (;;) {
    const parsed = schema.safeParse(injected);
    if (parsed.success) return injected;
    const restored = parsed.error.issues.filter((issue) => restore(injected, output, issue.path));
    // Defensive: a rejection no restore can fix (not expected, since the original output passed).
    if (restored.length === 0) return output;
  }
}

/** Puts the original value back at `path`; false when there is nothing to restore there. */
function restore(target: unknown, original: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let into = target;
  let from = original;
  for (const key of path.slice(0, -1)) {
    if (!isContainer(into) || !isContainer(from)) return false;
    into = into[key as string];
    from = from[key as string];
  }
  const last = path[path.length - 1] as string;
  if (!isContainer(into) || !isContainer(from) || into[last] === from[last]) return false;
  into[last] = from[last];
  return true;
}

function isContainer(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === "object" && value !== null;
}
