import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument } from "yaml";
import { ErrorCode } from "../errors/codes.js";
import { ValidationError } from "../errors/validation-error.js";
import { checkJsonText, checkYamlNodes, numberProblem } from "./document-limits.js";
import { parseJsonDocument, parseJsonLocatedLazily, parseLocatedDocument } from "./located-document.js";

function thrown(parse: () => unknown): ValidationError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

const deepJson = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("numbers JSON cannot hold", () => {
  it("names 1e400, -1e400, .nan and integers beyond 2^53; keeps ordinary numbers", () => {
    expect(numberProblem("1e400", Number.POSITIVE_INFINITY)).toContain(
      "beyond the largest number JSON can hold",
    );
    expect(numberProblem("-1e400", Number.NEGATIVE_INFINITY)).toContain("beyond the largest number");
    expect(numberProblem(".nan", Number.NaN)).toContain("not a number JSON can hold");
    expect(numberProblem("12345678901234567890", Number("12345678901234567890"))).toContain(
      "would be read as 12345678901234567000",
    );
    expect(numberProblem("9007199254740991", 9007199254740991)).toBeUndefined();
    expect(numberProblem("1e300", 1e300)).toBeUndefined();
    expect(numberProblem("0.1", 0.1)).toBeUndefined();
    expect(numberProblem("1e-400", 0)).toBeUndefined();
  });

  it("a .json file with 1e400 is a located error, not Infinity", () => {
    const error = thrown(() => parseJsonDocument('{\n  "amount": 1e400\n}', "in.json"));
    expect(error.code).toBe(ErrorCode.NumberOutOfRange);
    expect(error.issues[0]).toMatchObject({ file: "in.json", line: 2, column: 13 });
    expect(error.message).toContain("1e400 is beyond the largest number JSON can hold");
  });

  it("JSON read lazily (cases, JSONL lines) finds -1e400 too", () => {
    const error = thrown(() => parseJsonLocatedLazily('[1, {"x": -1e400}]', "c.json"));
    expect(error.issues[0]).toMatchObject({ line: 1, column: 11 });
  });

  it("a YAML plain 1e400 or .inf is a located error; the same in quotes is text", () => {
    const error = thrown(() => parseLocatedDocument("a: 1\nb: 1e400\nc: .inf\n", "in.yaml"));
    expect(error.code).toBe(ErrorCode.NumberOutOfRange);
    expect(error.issues.map((i) => [i.line, i.column])).toEqual([
      [2, 4],
      [3, 4],
    ]);
    expect(parseLocatedDocument('b: "1e400"\n', "in.yaml").value).toEqual({ b: "1e400" });
  });

  it("numbers inside JSON strings are not checked", () => {
    expect(checkJsonText('{"a": "1e400", "b\\"1e400": 1}', "x.json")).toEqual([]);
  });
});

describe("depth and count limits", () => {
  it("a 10,000-deep JSON list is a located depth error, not a stack overflow later", () => {
    const error = thrown(() => parseJsonDocument(deepJson(10_000), "deep.json"));
    expect(error.code).toBe(ErrorCode.DocumentLimit);
    expect(error.issues[0]).toMatchObject({ file: "deep.json", line: 1, column: 65 });
    expect(error.message).toContain("nested more than 64 levels deep");
  });

  it("64 levels are read, 65 are not", () => {
    expect(() => parseJsonDocument(deepJson(64), "ok.json")).not.toThrow();
    expect(() => parseLocatedDocument(deepJson(64), "ok.yaml")).not.toThrow();
    expect(thrown(() => parseLocatedDocument(deepJson(65), "deep.yaml")).code).toBe(ErrorCode.DocumentLimit);
  });

  it("a 10,000-deep YAML flow list is a located error saying how deep is allowed", () => {
    const error = thrown(() => parseLocatedDocument(deepJson(10_000), "deep.yaml"));
    expect(error.message).toMatch(/deep\.yaml:1:\d+ .*nested (more than 64 levels deep|too deeply)/);
  });

  it("counts values, not keys, against the limit (JSON and YAML alike)", () => {
    const limits = { maxDepth: 64, maxValues: 3 };
    expect(checkJsonText('{"a": 1, "b": 2}', "x.json", limits)).toEqual([]);
    expect(checkJsonText('{"a": 1, "b": 2, "c": 3}', "x.json", limits)).toMatchObject([
      { code: ErrorCode.DocumentLimit, line: 1, column: 23 },
    ]);
    const yaml = (text: string) => {
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
      return checkYamlNodes(doc, (o) => ({ line: lineCounter.linePos(o).line }), limits).problems;
    };
    expect(yaml("a: 1\nb: 2\n")).toEqual([]);
    expect(yaml("a: 1\nb: 2\nc: 3\n")).toMatchObject([{ code: ErrorCode.DocumentLimit, line: 3 }]);
  });

  it("aliases are held to the limits once expanded", () => {
    const nested = `${"[".repeat(40)}1${"]".repeat(40)}`;
    const text = `a: &x ${nested}\nb: ${"[".repeat(30)}*x${"]".repeat(30)}\n`;
    const error = thrown(() => parseLocatedDocument(text, "alias.yaml"));
    expect(error.code).toBe(ErrorCode.DocumentLimit);
    expect(error.message).toContain("with its aliases expanded");
  });
});

describe("duplicate keys, checked in linear time", () => {
  it("a repeated key is located at its second use, in block and flow mappings, at any depth", () => {
    const error = thrown(() =>
      parseLocatedDocument("a: 1\nb:\n  c: 1\n  c: 2\nd: {x: 1, x: 2}\n", "dup.yaml"),
    );
    expect(error.code).toBe(ErrorCode.SyntaxError);
    expect(error.issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [4, 3, 'the key "c" appears twice in this mapping: keep one (fix the syntax)'],
      [5, 11, 'the key "x" appears twice in this mapping: keep one (fix the syntax)'],
    ]);
  });

  it("1 and '1' are the same key once read (both become the property \"1\")", () => {
    expect(thrown(() => parseLocatedDocument("1: a\n'1': b\n", "dup.yaml")).issues[0]?.line).toBe(2);
  });

  it("the same key in two mappings is not a duplicate", () => {
    expect(parseLocatedDocument("- a: 1\n- a: 2\n", "ok.yaml").value).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("a 100,000-key mapping is read, and so is locating each of its keys", () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`);
    const doc = parseLocatedDocument(lines.join("\n"), "big.yaml");
    expect(Object.keys(doc.value as object)).toHaveLength(100_000);
    // Locating every key: linear with the per-mapping index (the scan it replaced made this quadratic).
    let last = 0;
    for (let i = 0; i < 100_000; i++) last = doc.locate([`k${i}`]).line ?? 0;
    expect(last).toBe(100_000);
  });
});

describe("YAML tags", () => {
  it("an unknown tag (!include) is a located error, not a string", () => {
    const error = thrown(() => parseLocatedDocument("name: x\nfile: !include /etc/passwd\n", "tag.yaml"));
    expect(error.code).toBe(ErrorCode.YamlTag);
    expect(error.issues[0]).toMatchObject({ file: "tag.yaml", line: 2, column: 16 });
    expect(error.message).toContain("the YAML tag !include is not supported");
  });

  it("tags of other schemas (!!binary, !!timestamp, !!set) are refused; core ones (!!str, !!int) are read", () => {
    for (const text of ["a: !!binary aGk=", "a: !!timestamp 2024-01-01", "a: !!set {x: null}"])
      expect(thrown(() => parseLocatedDocument(text, "t.yaml")).code).toBe(ErrorCode.YamlTag);
    expect(parseLocatedDocument("a: !!str 1\nb: !!int '2'\n", "t.yaml").value).toEqual({ a: "1", b: 2 });
  });
});
