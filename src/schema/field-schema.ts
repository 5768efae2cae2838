import { z } from "zod";
import { compileLinearPattern, type LinearPattern, linearPatternProblem } from "./linear-pattern.js";

/**
 * The JSON Schema subset that charters and cases may write in YAML. Small on purpose: it covers what a
 * workflow's input and decision need, and every part of it has a clear error when misspelt.
 */
export interface FieldSchema {
  type?: FieldType | FieldType[];
  description?: string;
  enum?: (string | number | boolean | null)[];
  const?: string | number | boolean | null;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties?: boolean | FieldSchema;
  items?: FieldSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: "email" | "uri" | "date" | "date-time" | "uuid";
  default?: unknown;
  /** Declares a string free text: where perturbations plant instructions and injections (never ids or IBANs). */
  "x-reins-text"?: boolean;
}

export const fieldTypes = ["string", "number", "integer", "boolean", "object", "array", "null"] as const;
export type FieldType = (typeof fieldTypes)[number];

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Validates a schema written by a user (so that a typo such as `tpye` or `type: strng` is reported where it is). */
export const fieldSchemaSchema: z.ZodType<FieldSchema> = z.lazy(() =>
  z
    .strictObject({
      type: z.union([z.enum(fieldTypes), z.array(z.enum(fieldTypes)).min(1)]).optional(),
      description: z.string().optional(),
      enum: z.array(scalar).min(1).optional(),
      const: scalar.optional(),
      properties: z.record(z.string(), fieldSchemaSchema).optional(),
      required: z.array(z.string()).optional(),
      additionalProperties: z.union([z.boolean(), fieldSchemaSchema]).optional(),
      items: fieldSchemaSchema.optional(),
      minItems: z.number().int().min(0).optional(),
      maxItems: z.number().int().min(0).optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      minLength: z.number().int().min(0).optional(),
      maxLength: z.number().int().min(0).optional(),
      pattern: z
        .string()
        .superRefine((source, ctx) => {
          const problem = linearPatternProblem(source);
          if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
        })
        .optional(),
      format: z.enum(["email", "uri", "date", "date-time", "uuid"]).optional(),
      default: z.unknown().optional(),
      "x-reins-text": z.boolean().optional(),
    })
    .superRefine((schema, ctx) => {
      const types = schema.type === undefined ? [] : [schema.type].flat();
      if (schema["x-reins-text"] === true && !types.includes("string")) {
        ctx.addIssue({
          code: "custom",
          path: ["x-reins-text"],
          message: "marks free text, which only a string can hold (add type: string or remove it)",
        });
      }
      for (const name of schema.required ?? []) {
        if (schema.properties && !(name in schema.properties)) {
          ctx.addIssue({
            code: "custom",
            path: ["required"],
            message: `names "${name}", which is not among the properties (add it to properties or remove it)`,
          });
        }
      }
    }),
);

/**
 * Compiles a validated field schema into zod. Objects are closed unless they say
 * `additionalProperties`, so that a misspelt field in an input is caught, not ignored. A `pattern` runs on RE2
 * (linear in the value), not on JavaScript's backtracking engine, where `^(a+)+$` against 28 a's and a `!` takes
 * seconds: zod gets the schema without its patterns, and a refinement checks them.
 */
export function compileFieldSchema(schema: FieldSchema): z.ZodType {
  const patterns = new Map<FieldSchema, LinearPattern>();
  const compiled = z.fromJSONSchema(closeObjects(schema, patterns) as z.core.JSONSchema.JSONSchema);
  if (patterns.size === 0) return compiled;
  return compiled.superRefine((value, ctx) => {
    for (const { path, source } of patternMismatches(schema, value, patterns))
      ctx.addIssue({
        code: "custom",
        path,
        input: value,
        message: `Invalid string: must match pattern /${source}/`,
      });
  });
}

/** Where `value` has a string its schema's `pattern` does not match: following properties, additionalProperties and items. */
function patternMismatches(
  root: FieldSchema,
  value: unknown,
  patterns: ReadonlyMap<FieldSchema, LinearPattern>,
): { path: (string | number)[]; source: string }[] {
  const found: { path: (string | number)[]; source: string }[] = [];
  const stack: { schema: FieldSchema; value: unknown; path: (string | number)[] }[] = [
    { schema: root, value, path: [] },
  ];
  while (stack.length > 0) {
    const { schema, value: at, path } = stack.pop() as (typeof stack)[number];
    const pattern = patterns.get(schema);
    if (pattern !== undefined && typeof at === "string" && !pattern.test(at))
      found.push({ path, source: schema.pattern as string });
    if (Array.isArray(at)) {
      const items = schema.items;
      if (items)
        for (const [i, item] of at.entries()) stack.push({ schema: items, value: item, path: [...path, i] });
    } else if (at !== null && typeof at === "object") {
      for (const [key, item] of Object.entries(at)) {
        const inner =
          schema.properties?.[key] ??
          (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
        if (inner !== undefined) stack.push({ schema: inner, value: item, path: [...path, key] });
      }
    }
  }
  return found;
}

/** Where a compiled field schema keeps a `pattern` that zod does not check itself (RE2 does). */
const patternKeyword = "x-reins-pattern";

/**
 * For `z.toJSONSchema`'s `override`: puts back as `pattern` what `compileFieldSchema` kept aside, so that the JSON
 * Schema of a compiled field schema (the one a model is shown) says what the RE2 refinement checks.
 */
export function restorePatterns(ctx: { jsonSchema: Record<string, unknown> }): void {
  const pattern = ctx.jsonSchema[patternKeyword];
  if (typeof pattern !== "string") return;
  delete ctx.jsonSchema[patternKeyword];
  ctx.jsonSchema.pattern = pattern;
}

function closeObjects(schema: FieldSchema, patterns: Map<FieldSchema, LinearPattern>): FieldSchema {
  const out: FieldSchema = { ...schema };
  if (schema.pattern !== undefined) {
    patterns.set(schema, compileLinearPattern(schema.pattern));
    delete out.pattern;
    // Kept as metadata, so that the JSON Schema a model is shown still says it (see `restorePatterns`).
    (out as Record<string, unknown>)[patternKeyword] = schema.pattern;
  }
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, closeObjects(value, patterns)]),
    );
    if (out.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (schema.items) out.items = closeObjects(schema.items, patterns);
  if (typeof schema.additionalProperties === "object") {
    out.additionalProperties = closeObjects(schema.additionalProperties, patterns);
  }
  return out;
}
