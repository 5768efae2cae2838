/**
 * Peak memory of one `reins eval` as the evaluation grows: the built CLI evaluates generated refund-triage cases
 * (the throughput bench's suite: 3–4 gated tool calls per trial, zero-latency function agent, five scorers) × 5
 * trials, its results streamed to a SQLite file and its JSON and HTML reports written from there, at 2,000, 20,000
 * and 100,000 trials by default. Each run is a fresh process measured from outside (GNU time's peak RSS).
 *
 *   npm run bench -- eval-memory [--trials-per-case 5] [--sizes 2000,20000,100000] [--concurrency 4]
 *
 * Reins runs from the built package (`npm run build` first), as `npx reins` does. The bench checks that each store
 * holds every trial once and that the JSON report lists them all.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ErrorCode } from "../src/errors/codes.js";
import { UserError } from "../src/errors/reins-error.js";
import type { EvalReport } from "../src/eval/report.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import { refundCases } from "./fixtures/throughput-suite/generate-cases.js";
import { positiveInt } from "./lib/args.js";
import { machineLine, round } from "./lib/machine.js";
import { requireGnuTime, runMeasured } from "./lib/measured-process.js";
import { table } from "./lib/samples.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const suiteDir = join(benchDir, "fixtures", "throughput-suite");
const cli = join(benchDir, "..", "bin", "reins.js");

/** Issue 16's target: one eval of 100,000 trials within 300 MiB. */
const targetMiB = 300;

interface Row {
  trials: number;
  cases: number;
  wallS: number;
  perSecond: number;
  peakRssMiB: number;
  jsonMiB: number;
  htmlMiB: number;
}

function sizesOf(text: string | undefined): number[] {
  const sizes = (text ?? "2000,20000,100000").split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0))
    throw new UserError({
      code: ErrorCode.Usage,
      message: `--sizes takes positive trial counts separated by commas, got "${text}"`,
      hint: "e.g. npm run bench -- eval-memory --sizes 2000,20000",
    });
  return sizes;
}

async function measure(work: string, trials: number, perCase: number, concurrency: number): Promise<Row> {
  const cases = Math.ceil(trials / perCase);
  const dir = join(work, String(trials));
  mkdirSync(dir, { recursive: true });
  const casesFile = join(dir, "cases.jsonl");
  writeFileSync(
    casesFile,
    `${refundCases(cases)
      .map((c) => JSON.stringify(c))
      .join("\n")}\n`,
  );
  const db = join(dir, "reins.db");
  const json = join(dir, "report.json");
  const html = join(dir, "report.html");
  const measured = await runMeasured({
    command: process.execPath,
    args: [cli, "eval", suiteDir, "--trials", String(perCase), "--concurrency", String(concurrency)].concat([
      "--store",
      db,
      "--out",
      json,
      "--html",
      html,
    ]),
    cwd: dir,
    env: { ...process.env, REINS_BENCH_CASES: casesFile },
  });
  if (measured.exitCode !== 0)
    throw new Error(
      `reins eval of ${trials} trials failed (exit ${measured.exitCode}):\n${measured.stderr.split("\n").slice(-15).join("\n")}`,
    );
  const expected = cases * perCase;
  const store = await openSqliteStore({ path: db });
  const [summary] = await store.evals.list({ limit: 1 });
  const keys = summary ? await store.evals.completedKeys(summary.id) : [];
  await store.close();
  const distinct = new Set(keys.map((k) => `${k.caseId} ${k.trial}`)).size;
  const report = JSON.parse(readFileSync(json, "utf8")) as EvalReport;
  if (summary?.status !== "finished" || summary.resultCount !== expected || distinct !== expected)
    throw new Error(
      `the store holds ${distinct} distinct of ${summary?.resultCount} results; expected ${expected}`,
    );
  if (report.results.length !== expected || report.results.some((r) => !r.passed))
    throw new Error(
      `the JSON report lists ${report.results.length} results; expected ${expected}, all passed`,
    );
  const mib = (path: string) => round(statSync(path).size / 2 ** 20);
  return {
    trials: expected,
    cases,
    wallS: round(measured.wallMs / 1000),
    perSecond: round(expected / (measured.wallMs / 1000)),
    peakRssMiB: round(measured.peakRssMiB),
    jsonMiB: mib(json),
    htmlMiB: mib(html),
  };
}

export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      "trials-per-case": { type: "string" },
      sizes: { type: "string" },
      concurrency: { type: "string" },
    },
  });
  const perCase = positiveInt({
    bench: "eval-memory",
    name: "trials-per-case",
    value: values["trials-per-case"],
    fallback: 5,
  });
  const concurrency = positiveInt({
    bench: "eval-memory",
    name: "concurrency",
    value: values.concurrency,
    fallback: 4,
  });
  const sizes = sizesOf(values.sizes);
  requireGnuTime("eval-memory");
  console.log(
    `eval-memory: one \`reins eval\` (built CLI) of generated refund-triage cases × ${perCase} trials (3–4 gated tool calls per trial, ` +
      `function agent, five scorers, results streamed to a SQLite file, JSON and HTML reports written from it); concurrency ${concurrency}; ` +
      "each size a fresh process, peak RSS from GNU time",
  );
  console.log(`${machineLine()}\n`);
  const work = mkdtempSync(join(tmpdir(), "reins-bench-memory-"));
  const rows: Row[] = [];
  try {
    for (const trials of sizes) {
      const row = await measure(work, trials, perCase, concurrency);
      rows.push(row);
      console.log(`${row.trials} trials: peak RSS ${row.peakRssMiB} MiB, ${row.wallS} s`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log("");
  console.log(
    table([
      ["trials", "cases", "wall s", "trials/s", "peak RSS MiB", "JSON MiB", "HTML MiB"],
      ...rows.map((r) =>
        [r.trials, r.cases, r.wallS, r.perSecond, r.peakRssMiB, r.jsonMiB, r.htmlMiB].map(String),
      ),
    ]),
  );
  const largest = rows.at(-1);
  if (largest !== undefined)
    console.log(
      `\nlargest: ${largest.trials} trials at ${largest.peakRssMiB} MiB peak (target ≤ ${targetMiB} MiB at 100,000 trials: ${largest.peakRssMiB <= targetMiB ? "met" : "not met"})`,
    );
  console.log(
    JSON.stringify({
      bench: "eval-memory",
      peakRssMiB: Object.fromEntries(rows.map((r) => [r.trials, r.peakRssMiB])),
      wallS: Object.fromEntries(rows.map((r) => [r.trials, r.wallS])),
    }),
  );
}
