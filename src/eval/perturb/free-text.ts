import { z } from "zod";
import type { PerturbationContext } from "../suite.js";

/**
 * The JSON-schema keyword that declares a string free text, where a perturbation may plant words: in a charter's
 * YAML `message: { type: string, x-reins-text: true }`, in a zod schema `z.string().meta({ "x-reins-text": true })`.
 * A description or a format does not make a field free text (`receivedAt` and `domain` have descriptions; an
 * email, an id or an IBAN must never be touched), so only this marker and the suite's `textField` do.
 */
export const textMarker = "x-reins-text";

/** The dotted paths of the strings `schema` marks free text; an array's items add no segment (`notes.body`). */
export function freeTextPaths(schema: z.ZodType, io: "input" | "output"): string[] {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  const paths: string[] = [];
  walk(json, [], paths);
  return [...new Set(paths)];
}

/** The input's free-text fields: the suite's `textField` first, then the fields the charter marks. */
export function inputTextFields(context: PerturbationContext): string[] {
  const marked = freeTextPaths(context.charter.input, "input");
  const field = context.textField === undefined || context.textField === "" ? [] : [context.textField];
  return [...new Set([...field, ...marked])];
}

function walk(node: unknown, at: readonly string[], paths: string[]): void {
  if (typeof node !== "object" || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema[textMarker] === true && at.length > 0) paths.push(at.join("."));
  if (isRecord(schema.properties)) {
    for (const [key, child] of Object.entries(schema.properties)) walk(child, [...at, key], paths);
  }
  if (schema.items !== undefined) walk(schema.items, at, paths);
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const options = schema[key];
    if (Array.isArray(options)) for (const option of options) walk(option, at, paths);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
