import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { UserError } from "../errors/reins-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { registry } from "../policy/__fixtures__/gate-fixture.js";
import { validCharterYaml } from "./__fixtures__/valid-charter.js";
import { parseCharter } from "./load-charter.js";

type Json = Record<string, unknown>;
const base = (): Json => parse(validCharterYaml) as Json;
const knownTools = new Set(registry.names());

// Each arbitrary below yields a charter that is certainly invalid, so that "rejected" is a real claim.
const requiredField = fc.constantFrom(
  "name",
  "version",
  "trigger",
  "input",
  "decision",
  "tools",
  "autonomy",
  "instructions",
);
const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.integer(), { minKeys: 1, maxKeys: 2 }),
);
const notANumber = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{2,12}$/);

const mutations: fc.Arbitrary<{ label: string; text: string }>[] = [
  requiredField.map((field) => {
    const charter = base();
    delete charter[field];
    return { label: `missing ${field}`, text: stringify(charter) };
  }),
  fc.tuple(fc.constantFrom("name", "instructions", "autonomy"), notAString).map(([field, value]) => ({
    label: `wrong type for ${field}`,
    text: stringify({ ...base(), [field]: value }),
  })),
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((s) => !["shadow", "draft", "supervised", "autonomous"].includes(s))
    .map((value) => ({
      label: "bad autonomy enum",
      text: stringify({ ...base(), autonomy: value }),
    })),
  fc
    .oneof(
      notANumber,
      fc.double({ min: 1.0001, max: 1e6, noNaN: true }),
      fc.double({ min: -1e6, max: -0.0001, noNaN: true }),
    )
    .map((value) => {
      const charter = base();
      (charter.decision as Json).confidenceThreshold = value;
      return { label: "bad confidence threshold", text: stringify(charter) };
    }),
  identifier
    .filter((name) => !knownTools.has(name))
    .map((name) => {
      const charter = base();
      (charter.tools as Json).allowed = ["lookup", name];
      return { label: `unknown tool ${name}`, text: stringify(charter) };
    }),
  fc
    .tuple(
      fc.constantFrom("", "trigger", "decision", "tools"),
      identifier.map((k) => `x_${k}`),
    )
    .map(([where, key]) => {
      const charter = base();
      const target = where === "" ? charter : (charter[where] as Json);
      target[key] = "surplus";
      return { label: `unknown field ${where}.${key}`, text: stringify(charter) };
    }),
  fc
    .string({ minLength: 1, maxLength: 10 })
    .filter((t) => !["string", "number", "integer", "boolean", "object", "array", "null"].includes(t))
    .map((type) => {
      const charter = base();
      ((charter.input as Json).properties as Json).ticketId = { type };
      return { label: "bad schema type", text: stringify(charter) };
    }),
  fc
    .oneof(
      fc.constant([]),
      fc.constant(["only_one"]),
      fc.array(fc.constantFrom("Bad Option", "1x", ""), { minLength: 2, maxLength: 3 }),
    )
    .map((options) => {
      const charter = base();
      (charter.decision as Json).options = options;
      return { label: "bad decision options", text: stringify(charter) };
    }),
  // Syntax: a tab used for indentation, or a duplicate key, at a random line.
  fc.nat().map((n) => {
    const lines = validCharterYaml.split("\n");
    const indented = lines.map((line, i) => (line.startsWith("  ") ? i : -1)).filter((i) => i >= 0);
    const at = indented[n % indented.length] ?? 0;
    lines[at] = `\t${(lines[at] ?? "").trimStart()}`;
    return { label: `tab indentation at line ${at + 1}`, text: lines.join("\n") };
  }),
  fc.nat().map((n) => {
    const lines = validCharterYaml.split("\n");
    const topLevel = lines.map((line, i) => (/^[a-z]/.test(line) ? i : -1)).filter((i) => i >= 0);
    const at = topLevel[n % topLevel.length] ?? 0;
    lines.splice(at, 0, "name: duplicate");
    return { label: `duplicate key at line ${at + 1}`, text: lines.join("\n") };
  }),
  // Anything at all that is not a charter: random text, random JSON values.
  fc.string({ maxLength: 200 }).map((text) => ({ label: "random text", text })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ label: "random JSON", text: JSON.stringify(value) })),
];

describe("parseCharter on generated malformed charters", () => {
  it("rejects every one with a located user error, and nothing else escapes", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.oneof(...mutations), ({ label, text }) => {
        checked++;
        let caught: unknown;
        try {
          parseCharter(text, "generated.yaml", { registry });
        } catch (error) {
          caught = error;
        }
        if (caught === undefined) throw new Error(`accepted a malformed charter (${label}):\n${text}`);
        if (!(caught instanceof ValidationError) || !UserError.isInstance(caught)) {
          throw new Error(`${label}: escaped as ${String(caught)}`);
        }
        expect(caught.issues.length).toBeGreaterThan(0);
        for (const issue of caught.issues) {
          expect(issue.file).toBe("generated.yaml");
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.column).toBeGreaterThanOrEqual(1);
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1500, seed: Number(process.env.REINS_FC_SEED ?? 20261125) },
    );
    expect(checked).toBeGreaterThanOrEqual(1500);
  });
});
