// Issue 13, item 9: fast-check fuzzing of every numeric, enum and path flag, in-process (`runCli` with a captured
// terminal). The property: every value either is taken, or is a usage error (exit 2) naming the flag, in a few lines,
// with no stack trace and no "internal error". The corpus of past failures is replayed first.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { positiveInt } from "../../src/cli/positive-int.js";
import { selectByFlags } from "../../src/cli/select-flags.js";
import { caseKinds } from "../../src/eval/case.js";
import { loadSuite } from "../../src/eval/load-suite.js";
import type { Suite } from "../../src/eval/suite.js";
import {
  assertLocated,
  assertUsageError,
  cli,
  corpus,
  fcOptions,
  loadsOrLocated,
  pending,
  ready,
} from "./fuzz-harness.js";

const tmp = mkdtempSync(join(tmpdir(), "reins-fuzz-flags-"));
// A copy of the effects workflow one level below autonomous, for `--autonomy` raising it.
const supervised = join(tmp, "supervised");
beforeAll(() => {
  // Nothing these commands record lands in the working copy's default store.
  process.env.REINS_STORE = join(tmp, "reins.db");
  cpSync("test/fixtures/effects-workflow", supervised, { recursive: true });
  const charter = join(supervised, "charter.yaml");
  const text = readFileSync(charter, "utf8");
  expect(text).toContain("autonomy: autonomous");
  writeFileSync(charter, text.replace("autonomy: autonomous", "autonomy: supervised"));
});
const fill = (arg: string) => arg.replaceAll("{tmp}", tmp).replaceAll("{supervised}", supervised);

describe("flags: the corpus of past failures", () => {
  it.each(ready(corpus.flags).map((e) => [e.finding, e] as const))("%s", async (_finding, entry) => {
    const result = await cli(entry.args.map(fill));
    assertUsageError(result, entry.finding, entry.names);
    if (!entry.runsFirst) expect(result.out).toEqual([]);
  });
  it.each(pending(corpus.flags).map((e) => [e.finding, e.pendingFix] as const))(
    "pending %s (until %s)",
    () => {},
  );
});

// Values a person or a script might type for a count: digits, and digits dressed up as something else.
const digits = fc.stringMatching(/^[0-9]{1,25}$/);
const dressed = fc
  .tuple(
    fc.constantFrom("", "", "+", "-", " ", "0", "0x", "0b", "0o", "\t", "\u0663", "1_"),
    fc.stringMatching(/^[0-9]{1,12}$/),
    fc.constantFrom("", "", "e3", "e400", ".0", ".5", " ", "n", "_0", "\n", "%", "k", "\u0000"),
  )
  .map(([a, b, c]) => a + b + c);
const oddities = fc.constantFrom(
  "Infinity",
  "-Infinity",
  "NaN",
  "1e9",
  "1e400",
  "-0",
  "0",
  "",
  " ",
  "\u0661",
  "1 000",
  "99999999999999999999",
  "9007199254740993",
  "[]",
  "{}",
  "true",
  "null",
);
const countText = fc.oneof(digits, dressed, oddities, fc.string({ maxLength: 30 }));
/** The one form a count may take: a plain decimal with no leading zero, from 1 to `max`. */
const isCount = (text: string, max: number) => /^[1-9][0-9]*$/.test(text) && Number(text) <= max;

describe("flags: generated values", () => {
  it("positiveInt takes exactly the plain decimals in [1, max] and refuses the rest naming the flag", () => {
    fc.assert(
      fc.property(countText, fc.constantFrom(1, 1000, 100_000, 604_800), (text, max) => {
        let taken: number | undefined;
        try {
          taken = positiveInt(text, "--trials", max);
        } catch (error) {
          const located = assertLocated(error, `positiveInt(${JSON.stringify(text)}, ${max})`);
          expect(located.code).toBe("REINS_USAGE");
          expect(located.path).toBe("--trials");
          expect(located.message).toContain(
            `--trials takes a whole number from 1 to ${max.toLocaleString("en-US")}`,
          );
          expect(isCount(text, max)).toBe(false);
          return;
        }
        expect(isCount(text, max)).toBe(true);
        expect(String(taken)).toBe(text);
      }),
      fcOptions(3000),
    );
  });

  it("eval --trials, --concurrency and --fail-under: each bad value is refused naming its flag, before the suite is read", async () => {
    const metric = fc.constantFrom(
      "taskSuccess",
      "toolCorrectness",
      "dataAccuracy",
      "policyCompliance",
      "recovery",
      "passRate",
      "tasksuccess",
      "",
      "passRate ",
    );
    const ratio = fc.oneof(
      fc.constantFrom(
        "0",
        "1",
        ".5",
        "0.95",
        "1.0",
        "1.5",
        "0x1",
        "1e-1",
        "-0.1",
        "",
        " ",
        "NaN",
        "0.",
        "00.5",
      ),
      countText,
    );
    const failUnder = fc.oneof(
      fc.constant(undefined),
      fc
        .array(
          fc.tuple(metric, fc.constantFrom("=", "==", ":", ""), ratio).map(([m, s, v]) => `${m}${s}${v}`),
          { minLength: 1, maxLength: 3 },
        )
        .map((parts) => parts.join(",")),
    );
    const metrics = new Set([
      "taskSuccess",
      "toolCorrectness",
      "dataAccuracy",
      "policyCompliance",
      "recovery",
      "passRate",
    ]);
    const validFailUnder = (text: string | undefined) =>
      !text ||
      text.split(",").every((part) => {
        const [m, v, ...rest] = part.split("=").map((s) => s.trim());
        return (
          rest.length === 0 &&
          metrics.has(m ?? "") &&
          v !== undefined &&
          /^(0|1)?(\.[0-9]+)?$/.test(v) &&
          v !== "" &&
          Number(v) <= 1
        );
      });
    const missing = join(tmp, "no-such-suite");
    await fc.assert(
      fc.asyncProperty(
        fc.option(countText, { nil: undefined }),
        fc.option(countText, { nil: undefined }),
        failUnder,
        async (trials, concurrency, thresholds) => {
          const args = ["eval", missing];
          if (trials !== undefined) args.push(`--trials=${trials}`);
          if (concurrency !== undefined) args.push(`--concurrency=${concurrency}`);
          if (thresholds !== undefined) args.push(`--fail-under=${thresholds}`);
          const result = await cli(args);
          // The first bad flag, in the order they are checked; with none, the missing suite folder is the error.
          const blame =
            trials !== undefined && !isCount(trials, 1000)
              ? "--trials"
              : concurrency !== undefined && !isCount(concurrency, 1000)
                ? "--concurrency"
                : !validFailUnder(thresholds)
                  ? "--fail-under"
                  : missing;
          assertUsageError(result, JSON.stringify(args), blame);
        },
      ),
      fcOptions(400),
    );
  });

  it("run --autonomy and --wait-seconds: refused naming the flag before the input is read or anything runs", async () => {
    const level = fc.oneof(
      fc.constantFrom("shadow", "draft", "supervised", "autonomous", "Autonomous", "auto", "", " shadow"),
      fc.string({ maxLength: 12 }),
    );
    const levels = ["shadow", "draft", "supervised", "autonomous"];
    const noInput = join(tmp, "no-such-input.json");
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("test/fixtures/effects-workflow", supervised),
        fc.option(level, { nil: undefined }),
        fc.option(countText, { nil: undefined }),
        async (target, autonomy, wait) => {
          const args = ["run", target, "--input", noInput];
          if (autonomy !== undefined) args.push(`--autonomy=${autonomy}`);
          if (wait !== undefined) args.push("--wait", `--wait-seconds=${wait}`);
          const result = await cli(args);
          const ceiling = target === supervised ? 2 : 3;
          const blame =
            autonomy !== undefined && !(levels.includes(autonomy) && levels.indexOf(autonomy) <= ceiling)
              ? "--autonomy"
              : wait !== undefined && !isCount(wait, 604_800)
                ? "--wait-seconds"
                : noInput;
          assertUsageError(result, JSON.stringify(args), blame);
        },
      ),
      fcOptions(150),
    );
  });

  describe("--case, --tag and --kind", () => {
    let suite: Suite;
    beforeAll(async () => {
      suite = await loadSuite("test/fixtures/mini-suite");
    });

    it("select the named cases, or are refused naming the flag", async () => {
      const ids = [...suite.cases, ...suite.redteamCases].map((c) => c.id);
      const tags = [...new Set(suite.cases.flatMap((c) => c.tags))];
      const name = (known: string[]) =>
        fc.oneof(
          fc.constantFrom(...known, ""),
          fc.constantFrom(...known).map((k) => k.toUpperCase()),
          fc.constantFrom(...known).map((k) => `${k}~1`),
          fc.string({ maxLength: 20 }),
          fc.string({ minLength: 2000, maxLength: 3000 }),
        );
      const values = (known: string[]) =>
        fc.option(fc.array(name(known), { minLength: 1, maxLength: 3 }), { nil: undefined });
      await fc.assert(
        fc.asyncProperty(
          values(ids),
          values(tags.length > 0 ? tags : ["none"]),
          values([...caseKinds]),
          async (byCase, byTag, byKind) => {
            const flags = {
              ...(byCase ? { case: byCase } : {}),
              ...(byTag ? { tag: byTag } : {}),
              ...(byKind ? { kind: byKind } : {}),
            };
            const outcome = await loadsOrLocated(JSON.stringify(flags).slice(0, 200), () =>
              selectByFlags(suite, flags),
            );
            if (!outcome.loaded) {
              expect(outcome.error.code).toBe("REINS_USAGE");
              expect(["--case", "--tag", "--kind"]).toContain(outcome.error.path);
              return;
            }
            const split = (v?: string[]) =>
              v
                ?.flatMap((s) => s.split(","))
                .map((s) => s.trim())
                .filter((s) => s !== "");
            const wantIds = split(byCase);
            const wantKinds = split(byKind);
            for (const c of [...outcome.value.cases, ...outcome.value.redteamCases]) {
              if (wantIds?.length) expect(wantIds).toContain(c.id);
              if (wantKinds?.length) expect(wantKinds).toContain(c.kind);
            }
            for (const id of wantIds ?? []) expect(ids).toContain(id);
            for (const kind of wantKinds ?? []) expect(caseKinds).toContain(kind);
          },
        ),
        fcOptions(300),
      );
    });
  });
});
