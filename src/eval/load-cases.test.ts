import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors/validation-error.js";
import { caseSchema } from "./case.js";
import { loadCaseFiles } from "./load-cases.js";

const ok = { id: "a", kind: "success", impact: "low", input: {}, expect: { decision: "x" } };

describe("loadCaseFiles", () => {
  it("reads JSONL fast and still locates a bad line's field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reins-cases-"));
    const file = join(dir, "cases.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify(ok)}\n${JSON.stringify({ ...ok, id: "b", kind: "happy" })}\n{not json\n`,
    );
    const error = await loadCaseFiles([file]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(
      (error as ValidationError).issues.map((i) => `${i.line}:${i.column} ${i.path} ${i.message}`),
    ).toEqual([
      '2:18 (case "b") kind must be one of "success", "ambiguous", "failure", "adversarial", got "happy"',
      "3:10 undefined Flow map must end with a } (fix the syntax)",
    ]);
    writeFileSync(file, `${JSON.stringify(ok)}\n\n${JSON.stringify({ ...ok, id: "b" })}\n`);
    expect((await loadCaseFiles([file])).map((c) => c.id)).toEqual(["a", "b"]);
  });

  it("reads a large file: the same cases and defaults as the schema gives, and located errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reins-cases-"));
    const file = join(dir, "cases.jsonl");
    const many = Array.from({ length: 250 }, (_, i) => ({
      ...ok,
      id: `c${i}`,
      oracle: [{ tool: "t", input: { i } }, { conclude: { decision: "x", note: i } }],
    }));
    writeFileSync(file, `${many.map((c) => JSON.stringify(c)).join("\n")}\n`);
    expect(await loadCaseFiles([file])).toEqual(many.map((c) => caseSchema.parse(c)));
    const bad = [
      { ...ok, id: "b", kind: "happy" },
      { ...ok, id: "c", expect: { decision: "x", speling: 1 } },
      { ...ok, id: "c0" },
    ];
    writeFileSync(file, [...many, ...bad].map((c) => JSON.stringify(c)).join("\n"));
    const error = (await loadCaseFiles([file]).catch((e: unknown) => e)) as ValidationError;
    expect(error.issues.map((i) => `${i.line}:${i.column} ${i.path} ${i.message}`)).toEqual([
      '251:18 (case "b") kind must be one of "success", "ambiguous", "failure", "adversarial", got "happy"',
      '252:79 (case "c") expect.speling is not a known field (check the spelling or remove it)',
      `253:7 (case "c0") id case id "c0" is already used at ${file}:1`,
    ]);
  });

  it("rejects duplicate ids across files, naming where the first one is", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reins-cases-"));
    writeFileSync(join(dir, "one.json"), JSON.stringify([ok]));
    writeFileSync(
      join(dir, "two.yaml"),
      "- id: a\n  kind: failure\n  impact: high\n  input: {}\n  expect: { decision: y }\n",
    );
    const error = (await loadCaseFiles([join(dir, "one.json"), join(dir, "two.yaml")]).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(error.issues.map((i) => `${i.file?.endsWith("two.yaml")}:${i.line} ${i.message}`)).toEqual([
      `true:1 case id "a" is already used at ${join(dir, "one.json")}:1`,
    ]);
  });
});
