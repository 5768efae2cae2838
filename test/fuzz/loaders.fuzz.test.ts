// Issue 13, item 9: fast-check fuzzing of every loader of user files (charters, case files, run inputs, suite
// folders). The property: any bytes either load, or fail with a located Reins user error (a stable code, the file
// and a line) — never a TypeError, a RangeError, a stack overflow or a hang. The corpus of past failures is replayed
// first; generated runs use a fixed seed (REINS_FC_SEED), printed by fast-check when a property fails.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { validCharterYaml } from "../../src/charter/__fixtures__/valid-charter.js";
import type { Charter } from "../../src/charter/charter.js";
import { loadCharter, parseCharter } from "../../src/charter/load-charter.js";
import { readRunInput } from "../../src/cli/commands/run-input.js";
import { loadCaseFiles } from "../../src/eval/load-cases.js";
import { loadSuite } from "../../src/eval/load-suite.js";
import { registry } from "../../src/policy/__fixtures__/gate-fixture.js";
import {
  assertLocated,
  corpus,
  type DocumentEntry,
  expand,
  fcOptions,
  loadsOrLocated,
  manyKeys,
  pending,
  ready,
} from "./fuzz-harness.js";

const tmp = mkdtempSync(join(tmpdir(), "reins-fuzz-loaders-"));
let inputCharter: Charter;
beforeAll(async () => {
  inputCharter = await loadCharter("test/fixtures/effects-workflow/charter.yaml");
});

/** Puts one corpus document on disk (a file, a FIFO, a folder, or nothing) and returns its path. */
function materialize(entry: DocumentEntry, index: number): string {
  const dir = join(tmp, `corpus-${index}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, entry.file);
  if (entry.fifo) execFileSync("mkfifo", [path]);
  else if (entry.folder) mkdirSync(path);
  else if (!entry.missing) {
    const text = entry.repeat
      ? expand(entry.repeat)
      : entry.manyKeys !== undefined
        ? manyKeys(entry.manyKeys)
        : (entry.text ?? "");
    writeFileSync(path, text);
  }
  return path;
}

// The three loaders every document goes through: as a charter, as a case file, as `reins run --input`.
const loaders = {
  charter: (path: string) => loadCharter(path, { registry }),
  cases: (path: string) => loadCaseFiles([path]),
  input: (path: string) => readRunInput(path, inputCharter),
};

describe("loaders: the corpus of past failures", () => {
  const entries = corpus.documents.map((entry, index) => ({ ...entry, index }));
  for (const [name, load] of Object.entries(loaders)) {
    const mine = entries.filter((entry) => entry.only === undefined || entry.only === name);
    it.each(ready(mine).map((entry) => [entry.finding, entry] as const))(
      `${name}: %s is refused, located`,
      async (_finding, entry) => {
        const { index } = entry;
        const path = materialize(entry, index);
        const outcome = await loadsOrLocated(`${name} ${entry.finding}`, () => load(path), path);
        expect(outcome.loaded, `${entry.finding} was accepted`).toBe(false);
        rmSync(join(tmp, `corpus-${index}`), { recursive: true, force: true });
      },
    );
  }
  it.each(pending(corpus.documents).map((e) => [e.finding, e.pendingFix] as const))(
    "pending: %s (until %s)",
    () => {},
  );
});

// ── Generators ──────────────────────────────────────────────────────────────────────────────────────────────────
// YAML made of the language's own pieces, so that the parser's odd corners (anchors, tags, block scalars, flow
// collections, directives) are reached far more often than by random characters.
const yamlToken = fc.constantFrom(
  "name:",
  "version:",
  "input:",
  "tools:",
  "steps:",
  "id:",
  "a:",
  "- ",
  "  ",
  "    ",
  "\n",
  "\n",
  "\r\n",
  "\t",
  " ",
  "[",
  "]",
  "{",
  "}",
  ",",
  ": ",
  "? ",
  "&a ",
  "*a",
  "*b",
  "!!str ",
  "!!int ",
  "!!binary ",
  "!!set ",
  "!!omap ",
  "!!map ",
  "!!seq ",
  "!!float ",
  "!!null ",
  "|",
  "|-",
  ">",
  "'",
  '"',
  "#",
  "---",
  "...",
  "%YAML 1.2\n",
  "%YAML 1.1\n",
  "%TAG !e! tag:example.com,2000:\n",
  "<<: *a",
  "1e5",
  "0x1F",
  "0o17",
  "-.inf",
  ".nan",
  "~",
  "null",
  "true",
  "2026-01-01",
  "9007199254740993",
  "1",
  "x",
  "\u00e9",
  "\u0085",
  "\u2028",
  "\ufeff",
  "\\u0000",
  "\\",
);
const yamlish = fc.array(yamlToken, { maxLength: 40 }).map((parts) => parts.join(""));
const anyText = fc.oneof(
  { weight: 3, arbitrary: yamlish },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100, unit: "binary" }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)) },
);
// Values that JSON and YAML can say and a schema may not expect, nested a little.
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom("", " ", "\u0000", "\u001b[2J", "a".repeat(5000), -0, 1e308, -1e308, 5e-324, 2 ** 53 + 2),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom("__proto__", "constructor", "prototype", "toString", "id", "x", ""),
      tie("value"),
      {
        maxKeys: 3,
      },
    ),
  ),
})).value;

/** A copy of `base` with the value at a random path (of the paths it has) replaced by `value`. */
function replaceAt(base: unknown, pick: number, value: unknown): unknown {
  const paths: (string | number)[][] = [[]];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node)) {
      const next = [...path, Array.isArray(node) ? Number(key) : key];
      paths.push(next);
      walk(child, next);
    }
  };
  walk(base, []);
  const path = paths[pick % paths.length] as (string | number)[];
  if (path.length === 0) return value;
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
  return copy;
}

const asDocument = (value: unknown, format: "yaml" | "json" | "jsonl") =>
  format === "yaml"
    ? stringify(value)
    : format === "json"
      ? JSON.stringify(value, null, 1)
      : (Array.isArray(value) ? value : [value]).map((v) => JSON.stringify(v)).join("\n");
const format = fc.constantFrom("yaml" as const, "json" as const, "jsonl" as const);

let fileCount = 0;
function writeTemp(text: string, extension: string): string {
  const path = join(tmp, `gen-${fileCount++}.${extension}`);
  writeFileSync(path, text);
  return path;
}

describe("loaders: generated inputs", () => {
  it("charters: any text parses or is refused with a located error", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          parseCharter(text, "fuzz.yaml", { registry });
        } catch (error) {
          assertLocated(error, `charter ${JSON.stringify(text).slice(0, 200)}`, "fuzz.yaml");
        }
      }),
      fcOptions(1500),
    );
  });

  it("charters: a valid charter with any field replaced by any value loads or is refused, located", () => {
    const base = parse(validCharterYaml);
    fc.assert(
      fc.property(
        fc.nat(),
        hostileValue,
        fc.constantFrom("yaml" as const, "json" as const),
        (pick, value, as) => {
          const text = asDocument(replaceAt(base, pick, value), as);
          try {
            parseCharter(text, `fuzz.${as}`, { registry });
          } catch (error) {
            assertLocated(error, `charter ${text.slice(0, 300)}`, `fuzz.${as}`);
          }
        },
      ),
      fcOptions(800),
    );
  });

  it("case files: any case file (YAML, JSON or JSONL) loads or is refused, located", async () => {
    const base = parse(readFileSync("test/fixtures/mini-suite/cases/tickets.yaml", "utf8"));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.nat(), hostileValue, format).map(([pick, value, as]) => ({
            text: asDocument(replaceAt(base, pick, value), as),
            as,
          })),
          fc.tuple(anyText, format).map(([text, as]) => ({ text, as })),
        ),
        async ({ text, as }) => {
          const path = writeTemp(text, as);
          const outcome = await loadsOrLocated(
            `cases ${text.slice(0, 300)}`,
            () => loadCaseFiles([path]),
            path,
          );
          if (outcome.loaded) for (const c of outcome.value) expect(typeof c.id).toBe("string");
          rmSync(path);
        },
      ),
      fcOptions(400),
    );
  });

  it("run inputs: any --input file loads (and then matches the charter) or is refused, located", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .tuple(hostileValue, hostileValue, fc.constantFrom("yaml" as const, "json" as const))
            .map(([steps, extra, as]) => ({ text: asDocument({ steps, extra }, as), as })),
          fc.tuple(anyText, fc.constantFrom("yaml", "json", "txt")).map(([text, as]) => ({ text, as })),
        ),
        async ({ text, as }) => {
          const path = writeTemp(text, as);
          const outcome = await loadsOrLocated(
            `input ${text.slice(0, 300)}`,
            () => readRunInput(path, inputCharter),
            path,
          );
          if (outcome.loaded) expect(inputCharter.input.safeParse(outcome.value).success).toBe(true);
          rmSync(path);
        },
      ),
      fcOptions(500),
    );
  });
});

function fifoInPlace(path: string): void {
  rmSync(path);
  execFileSync("mkfifo", [path]);
}

describe("loaders: suite folders", () => {
  // Loading a suite compiles its TypeScript, so these are a handful of broken folders, not generated ones.
  const broken: [string, (dir: string) => void][] = [
    [
      "an empty folder",
      (dir) => {
        rmSync(dir, { recursive: true });
        mkdirSync(dir);
      },
    ],
    ["a tab-indented charter", (dir) => writeFileSync(join(dir, "charter.yaml"), "name: x\n\tversion: 1\n")],
    ["a charter that is a FIFO", (dir) => fifoInPlace(join(dir, "charter.yaml"))],
    ["a case file that is a FIFO", (dir) => fifoInPlace(join(dir, "cases/tickets.yaml"))],
    [
      "a case file with a duplicate key",
      (dir) => writeFileSync(join(dir, "cases/tickets.yaml"), "- id: a\n  id: b\n"),
    ],
    ["no suite.ts", (dir) => rmSync(join(dir, "suite.ts"))],
    [
      "a suite.ts that exports nothing",
      (dir) => writeFileSync(join(dir, "suite.ts"), "export const other = 1;\n"),
    ],
  ];
  it.each(broken)("%s is refused, located", async (what, breakIt) => {
    const dir = join(tmp, `suite-${what.replaceAll(" ", "-")}`);
    cpSync("test/fixtures/mini-suite", dir, { recursive: true });
    breakIt(dir);
    const outcome = await loadsOrLocated(`suite with ${what}`, () => loadSuite(dir));
    expect(outcome.loaded, `a suite with ${what} was accepted`).toBe(false);
  });
});
