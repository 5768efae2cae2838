import { extname } from "node:path";
import type { Charter } from "../../charter/charter.js";
import { ErrorCode } from "../../errors/codes.js";
import { ValidationError } from "../../errors/validation-error.js";
import {
  type LocatedDocument,
  locateZodIssues,
  parseJsonDocument,
  parseLocatedDocument,
} from "../../files/located-document.js";
import { readUserFile } from "../../files/read-user-file.js";

/**
 * Reads `reins run --input <file>`: a `.json` file as JSON, anything else as YAML (a syntax error names the line and
 * column either way), then checks it against the charter's input schema. An input the schema rejects is the
 * caller's mistake, not a run: exit 2 with each field's problem located in the file.
 */
export async function readRunInput(file: string, charter: Charter): Promise<unknown> {
  const text = await readUserFile(file, { what: "--input file" });
  const doc: LocatedDocument =
    extname(file).toLowerCase() === ".json"
      ? parseJsonDocument(text, file)
      : parseLocatedDocument(text, file);
  const parsed = charter.input.safeParse(doc.value, { reportInput: true });
  if (parsed.success) return doc.value;
  const value = doc.value;
  const shape =
    value === null || typeof value !== "object" || Array.isArray(value)
      ? [
          {
            ...doc.locate([]),
            message: `the run's input must be a mapping of fields (the charter's input schema), got ${Array.isArray(value) ? "a list" : value === null || value === undefined ? "nothing" : typeof value}`,
          },
        ]
      : undefined;
  throw new ValidationError({
    code: ErrorCode.Usage,
    issues: shape ?? locateZodIssues(parsed.error.issues, doc),
    hint: `the input does not match the input schema of charter "${charter.name}"; the run was not started`,
  });
}
