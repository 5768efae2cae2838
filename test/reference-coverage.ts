import { readFileSync } from "node:fs";
import ts from "typescript";
import type { z } from "zod";

/** What a reference page must mention: every key of a schema by its dotted path, and every enum or literal value. */
export interface SchemaTerms {
  /** Dotted paths of object keys (array items and union options merged), e.g. `expect.tools.required`. */
  keys: string[];
  /** Enum and literal values, e.g. `adversarial`. */
  values: string[];
}

/** Walks a zod schema (through optional, default, arrays, records, unions, pipes) and lists its keys and values. */
export function schemaTerms(schema: z.ZodType, prefix = ""): SchemaTerms {
  const keys = new Set<string>();
  const values = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (node: z.ZodType, path: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    const def = (node as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    switch (def.type) {
      case "object": {
        for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
          const at = path ? `${path}.${key}` : key;
          keys.add(at);
          walk(child, at);
        }
        if (def.catchall) walk(def.catchall as z.ZodType, path);
        return;
      }
      case "enum":
        for (const v of Object.values(def.entries as Record<string, string>)) values.add(String(v));
        return;
      case "literal":
        for (const v of def.values as unknown[]) values.add(String(v));
        return;
      case "union":
        for (const option of def.options as z.ZodType[]) walk(option, path);
        return;
      case "array":
        walk(def.element as z.ZodType, path);
        return;
      case "record":
        walk(def.valueType as z.ZodType, path);
        return;
      case "pipe":
        walk(def.in as z.ZodType, path);
        return;
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "nonoptional":
      case "catch":
        walk(def.innerType as z.ZodType, path);
        return;
      default:
        return;
    }
  };
  walk(schema, prefix);
  return { keys: [...keys], values: [...values] };
}

/** The property names of an exported TypeScript interface, read from its source file. */
export function interfaceKeys(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
      return statement.members.flatMap((m) =>
        m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : [],
      );
    }
  }
  throw new Error(`no interface ${name} in ${file}`);
}

/** The terms a page does not mention in backticks (`` `expect.tools.required` ``), in the order given. */
export function missingTerms(page: string, terms: readonly string[]): string[] {
  return terms.filter((term) => !page.includes(`\`${term}\``));
}

/** The sections of a Markdown page by `## ` heading, each heading's text with its body. */
export function sections(page: string): { heading: string; body: string }[] {
  const out: { heading: string; body: string }[] = [];
  for (const part of page.split(/^## /m).slice(1)) {
    const end = part.indexOf("\n");
    out.push({ heading: part.slice(0, end), body: part.slice(end + 1) });
  }
  return out;
}
