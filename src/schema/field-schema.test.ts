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

describe("pattern", () => {
  const evil = `${"a".repeat(28)}!`;

  it("runs on a linear-time engine: ^(a+)+$ against 28 a's and a ! finishes, and does not match", () => {
    const compiled = compileFieldSchema(fieldSchemaSchema.parse({ type: "string", pattern: "^(a+)+$" }));
    const result = compiled.safeParse(evil);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Invalid string: must match pattern /^(a+)+$/");
    expect(compiled.safeParse("aaaa").success).toBe(true);
  });

  it("is checked in properties, additionalProperties and items, each mismatch at its path", () => {
    const compiled = compileFieldSchema(
      fieldSchemaSchema.parse({
        type: "object",
        properties: {
          id: { type: "string", pattern: "^P-[0-9]+$" },
          tags: { type: "array", items: { type: "string", pattern: "^[a-z]+$" } },
          extra: { type: "object", additionalProperties: { type: "string", pattern: "^x" } },
        },
      }),
    );
    expect(compiled.safeParse({ id: "P-12", tags: ["ok"], extra: { a: "xy" } }).success).toBe(true);
    const result = compiled.safeParse({ id: "Q-1", tags: ["ok", "NO"], extra: { a: "xy", b: "y" } });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([["id"], ["tags", 1], ["extra", "b"]]),
    );
    expect(result.error?.issues).toHaveLength(3);
  });

  it("that RE2 cannot run (lookahead, backreference) is refused at validation, naming why", () => {
    for (const [pattern, why] of [
      ["^(?=a)a$", "lookahead and lookbehind are not supported"],
      ["^(a)\\1$", "backreferences are not supported"],
    ] as const) {
      const result = fieldSchemaSchema.safeParse({ type: "string", pattern });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["pattern"]);
      expect(result.error?.issues[0]?.message).toContain(why);
    }
  });
});
