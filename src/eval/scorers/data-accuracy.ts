import { z } from "zod";
import type { Scorer, TrialContext } from "../trial.js";
import { show } from "./describe.js";

/**
 * Every field of the output is grounded: each identifier-like value of the decision (and of the inputs of action
 * tools the agent called) appears in the run's input, the initial world, or a tool result — or is one of the enum
 * values its schema allows. Free text (values with spaces, and fields such as `body`, `note`, `subject`) is not
 * judged here; a model-graded scorer can.
 */
export const dataAccuracy: Scorer = {
  name: "dataAccuracy",
  score(trial) {
    const grounded = groundTruth(trial);
    const failures: string[] = [];
    if (trial.outcome.type === "decision") {
      const { decision: _d, confidence: _c, rationale: _r, ...fields } = trial.outcome.decision;
      for (const [field, value] of Object.entries(fields)) {
        const allowed = enumValues(trial.charter.decision.fields[field]);
        for (const leaf of checkable(value, field)) {
          if (!allowed.has(leaf) && !grounded(leaf)) {
            failures.push(
              `decision field ${field} = ${show(leaf)} is not grounded in the input, the world or any tool result`,
            );
          }
        }
      }
    }
    for (const call of trial.toolCalls) {
      const card = trial.registry.get(call.toolName);
      if (card?.effect !== "action" || call.status === "denied") continue;
      const allowed = enumValues(card.input);
      for (const leaf of checkable(call.input)) {
        if (!allowed.has(leaf) && !grounded(leaf)) {
          failures.push(
            `${call.toolName} was given ${show(leaf)}, which is not grounded in the input, the world or any tool result`,
          );
        }
      }
    }
    return { passed: failures.length === 0, failures };
  },
};

/** Fields whose values are prose by nature, whatever their length. */
const freeTextField =
  /^(body|message|text|note|notes|subject|content|description|rationale|reason|comment|summary|question|evidence|recommendation)$/i;

/** Scalars worth checking: numbers, and strings without spaces (ids, emails, domains, names of owners). */
function checkable(value: unknown, key = ""): (string | number)[] {
  if (freeTextField.test(key)) return [];
  if (typeof value === "number") return [value];
  if (typeof value === "string")
    return value.trim() === "" || /\s/.test(value.trim()) || value.length > 120 ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((item) => checkable(item, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => checkable(v, k));
  return [];
}

/**
 * Whether a value appears in the run's input, a result of an executed tool or the initial world. The sources are
 * read lazily, in that order, only as far as a value needs: most values are found in the input, and the whole world
 * need not be walked for them.
 */
function groundTruth(trial: TrialContext): (value: string | number) => boolean {
  const exact = new Set<string>();
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") {
      exact.add(value.toLowerCase());
      texts.push(value.toLowerCase());
    } else if (typeof value === "number") exact.add(String(value));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        exact.add(key.toLowerCase());
        collect(inner);
      }
    }
  };
  const sources: (() => unknown)[] = [
    () => trial.case.input,
    ...trial.toolCalls.filter((call) => call.status === "executed").map((call) => () => call.output),
    () => trial.initialState,
  ];
  let read = 0;
  const found = (value: string | number): boolean => {
    const text = String(value).toLowerCase();
    return (
      exact.has(text) ||
      (typeof value === "string" && text.length >= 3 && texts.some((t) => t.includes(text)))
    );
  };
  return (value) => {
    if (found(value)) return true;
    while (read < sources.length) {
      collect((sources[read++] as () => unknown)());
      if (found(value)) return true;
    }
    return false;
  };
}

const enumCache = new WeakMap<z.ZodType, Set<string | number>>();

/**
 * Every enum value anywhere in a schema: values the schema itself allows are not invented. Cached per schema:
 * converting to JSON Schema on every trial was a visible share of an evaluation's time.
 */
function enumValues(schema: z.ZodType | undefined): Set<string | number> {
  if (!schema) return new Set();
  const cached = enumCache.get(schema);
  if (cached) return cached;
  const found = collectEnumValues(schema);
  enumCache.set(schema, found);
  return found;
}

function collectEnumValues(schema: z.ZodType): Set<string | number> {
  const found = new Set<string | number>();
  let json: unknown;
  try {
    json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  } catch {
    return found;
  }
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if ((key === "enum" && Array.isArray(value)) || key === "const") {
          for (const v of Array.isArray(value) ? value : [value])
            if (typeof v === "string" || typeof v === "number") found.add(v);
        } else walk(value);
      }
    }
  };
  walk(json);
  return found;
}
