import type { ToolRegistry } from "../contract/tool-registry.js";
import type { ValidationIssue } from "../errors/validation-error.js";
import { parseLocatedDocument } from "../files/located-document.js";
import { readUserFile } from "../files/read-user-file.js";
import { buildCharter } from "./build-charter.js";
import type { Charter } from "./charter.js";

export interface LoadCharterOptions {
  /** Resolves the charter's tool names; without it names are not checked. */
  registry?: ToolRegistry;
  /** Collects the charter's problems with its tools instead of throwing them (see `buildCharter`). */
  crossIssues?: ValidationIssue[];
}

/** Parses a charter from YAML or JSON text. Errors carry the file, line, column and field path. */
export function parseCharter(text: string, file: string, options: LoadCharterOptions = {}): Charter {
  const doc = parseLocatedDocument(text, file);
  return buildCharter({ raw: doc.value, locate: doc.locate, source: file, ...options });
}

/** Reads and parses a charter file (`.yaml`, `.yml` or `.json`). */
export async function loadCharter(path: string, options: LoadCharterOptions = {}): Promise<Charter> {
  const text = await readUserFile(path, { what: "charter", hint: "check the path" });
  return parseCharter(text, path, options);
}
