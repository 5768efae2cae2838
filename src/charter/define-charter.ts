import type { z } from "zod";
import type { ToolRegistry } from "../contract/tool-registry.js";
import type { FieldSchema } from "../schema/field-schema.js";
import { buildCharter } from "./build-charter.js";
import type { Charter } from "./charter.js";
import type { CharterFormat } from "./charter-format.js";

/** A charter written in TypeScript: the YAML fields, with zod schemas allowed wherever YAML has a field schema. */
export type CharterDefinition = Omit<CharterFormat, "input" | "decision"> & {
  /** Schema of one run's input: a zod schema or a field schema. */
  input: z.ZodType | FieldSchema;
  decision: Omit<CharterFormat["decision"], "fields"> & {
    /** Extra decision fields: zod schemas or field schemas. */
    fields?: Record<string, z.ZodType | FieldSchema>;
  };
};

/**
 * Defines a charter in TypeScript. Checked at once, with the same rules as a YAML charter; pass `registry` to
 * also resolve tool names.
 */
export function defineCharter(
  definition: CharterDefinition,
  options: { registry?: ToolRegistry } = {},
): Charter {
  const label = `charter "${typeof definition?.name === "string" ? definition.name : "?"}"`;
  return buildCharter({ raw: definition, locate: () => ({ file: label }), ...options });
}
