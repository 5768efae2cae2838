import type { z } from "zod";
import { everyElement, fieldPathSegments } from "./field-path-syntax.js";

/** Whether a dotted path (`discount.percent`, `items.0.sku`, `items[].sku`) can be present in values a zod schema accepts. */
export type SchemaPathCheck =
  | { ok: true }
  /** `at` is the segment that cannot be there; `known` the field names the schema has at that point. */
  | {
      ok: false;
      at: string;
      parent: string;
      known: string[];
      reason: string;
      /** The fields of the object where the path breaks, for suggestions by type. */
      shape?: Record<string, z.ZodType>;
    };

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Wrappers whose values have the wrapped schema's fields. */
const wrappers = new Set(["optional", "nullable", "default", "prefault", "nonoptional", "readonly", "catch"]);
/** Schemas that may hold any field: a path through them cannot be proven absent. */
const open = new Set([
  "any",
  "unknown",
  "record",
  "map",
  "custom",
  "object-loose",
  "promise",
  "template_literal",
]);

export interface SchemaPathOptions {
  /** `[]` may name every element of a list (protected fields); without it a list takes a number only (conditions). */
  elements?: boolean;
}

/**
 * Checks a field path against a schema of the values it is read from (a tool's input, a charter's input), walking
 * objects, wrappers, arrays (a numeric segment, or `[]` with `elements`), tuples, unions (any branch), intersections
 * and pipes (their input). Open schemas (records, `any`, loose objects) accept any path beyond them.
 */
export function checkSchemaPath(
  schema: z.ZodType,
  path: string,
  options: SchemaPathOptions = {},
): SchemaPathCheck {
  return walk(schema, fieldPathSegments(path), [], options.elements === true);
}

/** `items`, `[]`, `price` back into `items[].price`. */
const joinSegments = (segments: readonly string[]) =>
  segments.join(".").replaceAll(`.${everyElement}`, everyElement);

function walk(
  schema: z.ZodType,
  rest: readonly string[],
  done: readonly string[],
  elements: boolean,
): SchemaPathCheck {
  if (rest.length === 0) return { ok: true };
  const def = defOf(schema);
  if (wrappers.has(def.type) && def.innerType) return walk(def.innerType, rest, done, elements);
  if (def.type === "pipe" && def.in) return walk(def.in, rest, done, elements);
  if (def.type === "lazy" && def.getter) return walk(def.getter(), rest, done, elements);
  if (open.has(def.type)) return { ok: true };
  const [part, ...after] = rest as [string, ...string[]];
  const here = [...done, part];
  const parent = joinSegments(done);
  if (part === everyElement && def.type !== "array" && def.type !== "tuple")
    return {
      ok: false,
      at: part,
      parent,
      known: [],
      reason: `needs a list, and "${parent}" is a ${def.type}`,
    };
  if (def.type === "object" && def.shape) {
    const field = def.shape[part];
    if (field) return walk(field, after, here, elements);
    const catchall = def.catchall ? defOf(def.catchall).type : undefined;
    if (catchall !== undefined && catchall !== "never")
      return walk(def.catchall as z.ZodType, after, here, elements);
    return {
      ok: false,
      at: part,
      parent,
      known: Object.keys(def.shape),
      reason: "has no such field",
      shape: def.shape,
    };
  }
  if (def.type === "array" && def.element) {
    if (/^\d+$/.test(part) || (part === everyElement && elements))
      return walk(def.element, after, here, elements);
    return { ok: false, at: part, parent, known: [], reason: listReason(parent, [part, ...after], elements) };
  }
  if (def.type === "tuple" && def.items) {
    if (part === everyElement && elements) {
      const items = [...def.items, ...(def.rest ? [def.rest] : [])];
      return items.map((item) => walk(item, after, here, elements)).find((r) => !r.ok) ?? { ok: true };
    }
    const index = /^\d+$/.test(part) ? Number(part) : Number.NaN;
    const item = def.items[index] ?? (Number.isNaN(index) ? undefined : (def.rest ?? undefined));
    if (item) return walk(item, after, here, elements);
    return { ok: false, at: part, parent, known: [], reason: "is a tuple without that position" };
  }
  if (def.type === "union" && def.options)
    return firstOk(def.options.map((o) => walk(o, rest, done, elements)));
  if (def.type === "intersection" && def.left && def.right)
    return firstOk([walk(def.left, rest, done, elements), walk(def.right, rest, done, elements)]);
  return { ok: false, at: part, parent, known: [], reason: `is a ${def.type}, which has no fields` };
}

/** How to reach into the list at `parent`: `[]` for every element (where allowed) or a number for one. */
function listReason(parent: string, rest: readonly string[], elements: boolean): string {
  const tail = rest[0] === everyElement ? rest.slice(1) : rest;
  const after = tail.length > 0 ? `.${joinSegments(tail)}` : "";
  const one = `${parent}.0${after}`;
  return elements
    ? `cannot be read: "${parent}" is a list; write ${parent}[]${after} for every element, or ${one} for one`
    : `cannot be read: "${parent}" is a list; index it with a number (${one})`;
}

/** Any branch that holds the path; else the failures' field names together, so a suggestion can come from any. */
function firstOk(results: SchemaPathCheck[]): SchemaPathCheck {
  const failures: Extract<SchemaPathCheck, { ok: false }>[] = [];
  for (const result of results) {
    if (result.ok) return result;
    failures.push(result);
  }
  const first = failures[0] as Extract<SchemaPathCheck, { ok: false }>;
  const shape = Object.assign({}, ...failures.map((f) => f.shape ?? {})) as Record<string, z.ZodType>;
  return { ...first, known: [...new Set(failures.flatMap((f) => f.known))], shape };
}

/** `total` or `discount.percent`, the message for a path a schema cannot hold. */
export function describeMissingPath(check: Extract<SchemaPathCheck, { ok: false }>): string {
  const where = check.parent === "" ? "" : ` under "${check.parent}"`;
  const known = check.known.length > 0 ? `; it has ${check.known.join(", ")}` : "";
  return `"${check.at}"${where} ${check.reason}${known}`;
}

/** The kind of value a schema holds once its wrappers are removed: `number`, `string`, `boolean`, or another type. */
export function valueKind(schema: z.ZodType): string {
  const def = defOf(schema);
  if (wrappers.has(def.type) && def.innerType) return valueKind(def.innerType);
  if (def.type === "pipe" && def.in) return valueKind(def.in);
  if (def.type === "int" || def.type === "bigint") return "number";
  if (def.type === "enum" || def.type === "template_literal") return "string";
  return def.type;
}
