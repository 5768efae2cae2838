import { describe, expect, it } from "vitest";
import { freeTextPaths } from "../eval/perturb/free-text.js";
import { compileFieldSchema, fieldSchemaSchema } from "./field-schema.js";

describe("x-reins-text", () => {
  it("marks a string free text, and the compiled schema keeps the mark for perturbations", () => {
    const schema = fieldSchemaSchema.parse({
      type: "object",
      properties: {
        iban: { type: "string" },
        form: { type: "object", properties: { message: { type: "string", "x-reins-text": true } } },
        notes: { type: "array", items: { type: ["string", "null"], "x-reins-text": true } },
      },
    });
    expect(freeTextPaths(compileFieldSchema(schema), "input")).toEqual(["form.message", "notes"]);
  });

  it("is refused on a field that is not a string", () => {
    const result = fieldSchemaSchema.safeParse({ type: "integer", "x-reins-text": true });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([
      {
        path: ["x-reins-text"],
        message: "marks free text, which only a string can hold (add type: string or remove it)",
      },
    ]);
  });
});
