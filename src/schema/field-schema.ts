import { z } from "zod";

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
      pattern: z.string().refine(isValidRegex, { message: "is not a valid regular expression" }).optional(),
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

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, "u");
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles a validated field schema into zod. Objects are closed unless they say
 * `additionalProperties`, so that a misspelt field in an input is caught, not ignored.
 */
export function compileFieldSchema(schema: FieldSchema): z.ZodType {
  return z.fromJSONSchema(closeObjects(schema) as z.core.JSONSchema.JSONSchema);
}

function closeObjects(schema: FieldSchema): FieldSchema {
  const out: FieldSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, closeObjects(value)]),
    );
    if (out.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (schema.items) out.items = closeObjects(schema.items);
  if (typeof schema.additionalProperties === "object") {
    out.additionalProperties = closeObjects(schema.additionalProperties);
  }
  return out;
}
