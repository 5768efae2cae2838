/**
 * One measured reins evaluation, run in its own process by `bench/eval-throughput.ts` so that its wall time and peak
 * RSS are taken the same way as promptfoo's: load the bench suite, read the generated cases from a JSONL file,
 * evaluate them with the suite's zero-latency function agent (all five scorers), persist the results in a SQLite
 * file, read the count back, and print one JSON line with the time and memory of each phase.
 *
 *   node --import tsx bench/lib/eval-throughput-child.ts --suite <dir> --cases <file.jsonl> --db <file> [--trials 1] [--concurrency 4]
 */
import { parseArgs } from "node:util";

/** Where one phase ended: ms since the process started, and resident memory then. */
export interface PhaseMark {
  atMs: number;
  rssMiB: number;
}

/** What the child prints on its last line. */
export interface ChildResult {
  trials: number;
  passed: number;
  /** Trial results read back from the SQLite file. */
  persisted: number;
  /** Node and tsx up, this script running. */
  started: PhaseMark;
  /** Reins' modules imported (through tsx, from src/). */
  imported: PhaseMark;
  /** `loadSuite()`: charter, tools, agent and suite.ts of the fixture. */
  suite: PhaseMark;
  /** `loadCaseFiles()` on the JSONL file. */
  cases: PhaseMark;
  /** `evaluate()` returned, results persisted. */
  evaluated: PhaseMark;
  /** JS heap in use right after `evaluate()` returned, MiB. */
  heapUsedAfterMiB: number;
}

const mark = (): PhaseMark => ({ atMs: performance.now(), rssMiB: process.memoryUsage().rss / 1024 ** 2 });

const started = mark();
const { values } = parseArgs({
  options: {
    suite: { type: "string" },
    cases: { type: "string" },
    db: { type: "string" },
    trials: { type: "string", default: "1" },
    concurrency: { type: "string", default: "4" },
  },
});
if (!values.suite || !values.cases || !values.db) {
  console.error("usage: eval-throughput-child --suite <dir> --cases <file.jsonl> --db <file>");
  process.exit(2);
}

const [{ loadCaseFiles }, { loadSuite }, { evaluate }, { openSqliteStore }] = await Promise.all([
  import("../../src/eval/load-cases.js"),
  import("../../src/eval/load-suite.js"),
  import("../../src/eval/run-eval.js"),
  import("../../src/store/sqlite-store.js"),
]);
const imported = mark();
const suite = await loadSuite(values.suite);
const agent = suite.baseline;
if (!agent) throw new Error(`${values.suite} has no agent.ts`);
const suiteLoaded = mark();
suite.cases = await loadCaseFiles([values.cases]);
const casesLoaded = mark();
const store = await openSqliteStore({ path: values.db, migrate: true });
try {
  const report = await evaluate({
    suite,
    agent,
    trials: Number(values.trials),
    concurrency: Number(values.concurrency),
    store,
  });
  const evaluated = mark();
  const heapUsedAfterMiB = process.memoryUsage().heapUsed / 1024 ** 2;
  const [saved] = await store.evals.list({ limit: 1 });
  const result: ChildResult = {
    trials: report.results.length,
    passed: report.results.filter((r) => r.passed).length,
    persisted: saved ? (await store.evals.results(saved.id)).length : 0,
    started,
    imported,
    suite: suiteLoaded,
    cases: casesLoaded,
    evaluated,
    heapUsedAfterMiB,
  };
  console.log(JSON.stringify(result));
} finally {
  await store.close();
}
