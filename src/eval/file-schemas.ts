import { z } from "zod";
import { charterFormat } from "../charter/charter-format.js";
import { caseSchema } from "./case.js";

/** Where the package ships the JSON Schemas, relative to its root (package.json `files` includes it). */
export const schemaFolder = "schemas";

/**
 * The JSON Schemas of the files people write by hand, by file name, generated from the zod schemas that read them
 * (so an editor's completion and Reins' own checks cannot disagree). `scripts/write-schemas.ts` writes them to
 * `schemas/`; a test fails when the committed files are not what this returns.
 */
export function fileSchemas(): Record<string, Record<string, unknown>> {
  const options = { io: "input", unrepresentable: "any", reused: "ref" } as const;
  return {
    "charter.schema.json": {
      ...z.toJSONSchema(charterFormat, options),
      title: "Reins charter",
      description: "One workflow's charter (charter.yaml). Reference: docs/reference/charter.md",
    },
    "case.schema.json": {
      // A case file holds one case or a list of them.
      ...z.toJSONSchema(z.union([caseSchema, z.array(caseSchema)]), options),
      title: "Reins case file",
      description: "Labelled cases (cases/*.yaml). Reference: docs/reference/case-file.md",
    },
  };
}
