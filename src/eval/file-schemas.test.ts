import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { scaffoldFiles } from "../cli/scaffold/files.js";
import { fileSchemas, schemaFolder } from "./file-schemas.js";

const root = join(import.meta.dirname, "..", "..");
const committed = (name: string) =>
  JSON.parse(readFileSync(join(root, schemaFolder, name), "utf8")) as Record<string, unknown>;

describe("the JSON Schemas of charter and case files", () => {
  it("are committed as the zod schemas generate them (run `npm run schemas` after changing one)", () => {
    const generated = fileSchemas();
    expect(Object.keys(generated).sort()).toEqual(readdirSync(join(root, schemaFolder)).sort());
    for (const [name, schema] of Object.entries(generated)) expect(committed(name), name).toEqual(schema);
  });

  it("ship in the package", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[] };
    expect(pkg.files).toContain(schemaFolder);
  });

  // No JSON Schema validator is installed: zod reads the committed JSON Schema back and validates with it.
  const validator = (name: string) =>
    z.fromJSONSchema(committed(name) as Parameters<typeof z.fromJSONSchema>[0]);
  const examples = ["lead-routing", "support-triage", "tau2-retail"];
  const scaffold = scaffoldFiles("my-flow");

  it("accept every shipped charter", () => {
    const charter = validator("charter.schema.json");
    for (const example of examples) {
      const text = readFileSync(join(root, "examples", example, "charter.yaml"), "utf8");
      expect(charter.safeParse(parse(text)).error, example).toBeUndefined();
    }
    expect(charter.safeParse(parse(scaffold["charter.yaml"] as string)).error).toBeUndefined();
  });

  it("accept every shipped case file", () => {
    const cases = validator("case.schema.json");
    for (const example of ["lead-routing", "support-triage"]) {
      const dir = join(root, "examples", example, "cases");
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
        const value = parse(readFileSync(join(dir, file), "utf8"));
        expect(cases.safeParse(value).error, `${example}/${file}`).toBeUndefined();
      }
    }
    expect(cases.safeParse(parse(scaffold["cases/examples.yaml"] as string)).error).toBeUndefined();
  });

  it("reject what Reins rejects: an unknown key, a wrong enum value", () => {
    const cases = validator("case.schema.json");
    const good = { id: "a", kind: "success", impact: "low", input: {}, expect: { decision: "x" } };
    expect(cases.safeParse(good).success).toBe(true);
    expect(cases.safeParse({ ...good, expected: {} }).success).toBe(false);
    expect(cases.safeParse({ ...good, kind: "happy" }).success).toBe(false);
    const charter = validator("charter.schema.json");
    const text = readFileSync(join(root, "examples", "lead-routing", "charter.yaml"), "utf8");
    expect(charter.safeParse({ ...parse(text), autonomy: "full" }).success).toBe(false);
  });
});
