/**
 * Latency-bound evaluation: a model agent over the fake OpenAI-compatible server, which answers every request after
 * a fixed latency, with many trials in flight. Compares the wall time of `evaluate()` with the ideal (total model
 * latency ÷ concurrency) and, side by side in the same run, with the same conversations driven without the harness
 * (no gate, store or scoring) through the provider's `doGenerate` directly, the call Reins' model loop makes (the
 * floor), and through the AI SDK's `generateText`, which the loop used to call and a harness built on it pays
 * (bench/lib/bare-sdk-chains.ts). Median of `--runs`, interleaved.
 *
 *   npm run bench -- eval-latency [--cases 500] [--concurrency 50] [--latency 50] [--runs 3] [--profile] [--save-profile <file>]
 *
 * When the target is missed (or with --profile), one more reins run is profiled in-process and summarized.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { caseSchema } from "../src/eval/case.js";
import { loadSuite } from "../src/eval/load-suite.js";
import { evaluate } from "../src/eval/run-eval.js";
import type { Suite } from "../src/eval/suite.js";
import { modelFetch, resolveModel } from "../src/model/resolve-model.js";
import { modelAgent } from "../src/runtime/agent.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import { refundCase } from "./fixtures/throughput-suite/generate-cases.js";
import { positiveInt } from "./lib/args.js";
import { runBareChains } from "./lib/bare-sdk-chains.js";
import { type CpuProfile, summarizeProfile } from "./lib/cpu-profile.js";
import { startServer } from "./lib/fake-server-process.js";
import { machineLine, median, round } from "./lib/machine.js";
import { summarizeNs, table } from "./lib/samples.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const suiteDir = join(repoRoot, "bench", "fixtures", "throughput-suite");

/** Issue target: wall time within 1.15× of the ideal. */
const targetRatio = 1.15;
/** Requests every trial makes (see bench/lib/refund-model.ts). */
const requestsPerTrial = 4;

/** Eligible refunds only (every one takes exactly four model requests): cases 0, 2, 5, 7, 10, … of the set. */
function latencyCases(count: number) {
  return Array.from({ length: count }, (_, k) =>
    caseSchema.parse(refundCase(5 * Math.floor(k / 2) + (k % 2) * 2)),
  );
}

/**
 * A fetch that records each request's round trip as the client sees it (sent to response headers, which the fake
 * server sends with its small body), in ns. It hands the response on untouched: copying the body to time it was
 * work of the bench's own on the thread being measured.
 */
function timedFetch(roundTrips: number[], inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const start = process.hrtime.bigint();
    const response = await inner(input, init);
    roundTrips.push(Number(process.hrtime.bigint() - start));
    return response;
  };
}

type Variant = "reins" | "sdk" | "provider";
const variantLabels: Record<Variant, string> = {
  reins: "reins evaluate()",
  sdk: "generateText alone (for comparison)",
  provider: "doGenerate alone (floor)",
};
const variants: readonly Variant[] = ["sdk", "reins", "provider"];

interface Measured {
  variant: Variant;
  wallMs: number;
  requests: number;
  /** Share of the wall time the event loop was busy (0–1). */
  eventLoopBusy: number;
  /** CPU time (user + system) of this process meanwhile, all threads, ms. */
  cpuMs: number;
  roundTrips: number[];
}

/** Reins: `evaluate()` with a model agent, results saved to a SQLite file; checks every trial passed. */
async function runReins(options: { suite: Suite; model: LanguageModelV3; concurrency: number; db: string }) {
  const store = await openSqliteStore({ path: options.db, migrate: true });
  try {
    const report = await evaluate({
      suite: options.suite,
      agent: modelAgent(options.model, { maxRetries: 0 }),
      model: "openai-compatible:bench",
      concurrency: options.concurrency,
      store,
    });
    const failed = report.results.filter((r) => !r.passed);
    const first = failed[0];
    if (first) {
      throw new Error(
        `${failed.length} of ${report.results.length} trials failed; first: ${first.caseId}: ` +
          JSON.stringify(first.failures.length > 0 ? first.failures : first.outcome),
      );
    }
    return report.results.reduce((sum, r) => sum + r.usage.modelCalls, 0);
  } finally {
    await store.close();
  }
}

async function measureOnce(options: {
  variant: Variant;
  suite: Suite;
  url: string;
  concurrency: number;
  db: string;
}): Promise<Measured> {
  const roundTrips: number[] = [];
  const model = (
    await resolveModel(`openai-compatible:${options.url}#bench`, {
      env: {},
      // Around the fetch `resolveModel` gives its providers when none is passed, as `reins eval --model` runs.
      fetch: timedFetch(roundTrips, await modelFetch()),
    })
  ).model;
  const loop = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const requests =
    options.variant === "reins"
      ? await runReins({ suite: options.suite, model, concurrency: options.concurrency, db: options.db })
      : await runBareChains({
          suite: options.suite,
          model,
          concurrency: options.concurrency,
          via: options.variant === "sdk" ? "generateText" : "doGenerate",
        });
  const wallMs = performance.now() - started;
  const eventLoopBusy = performance.eventLoopUtilization(loop).utilization;
  const used = process.cpuUsage(cpu);
  const expected = options.suite.cases.length * requestsPerTrial;
  if (requests !== expected || roundTrips.length !== expected) {
    throw new Error(
      `${options.variant}: ${requests} model calls, ${roundTrips.length} HTTP requests; expected ${expected}`,
    );
  }
  return {
    variant: options.variant,
    wallMs,
    requests,
    eventLoopBusy,
    cpuMs: (used.user + used.system) / 1000,
    roundTrips,
  };
}

const ms = (ns: number) => (ns / 1e6).toFixed(1);

/** Runs both variants interleaved, prints each run and the comparison, profiles on a miss, then one JSON line. */
export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      cases: { type: "string" },
      concurrency: { type: "string" },
      latency: { type: "string" },
      runs: { type: "string" },
      profile: { type: "boolean", default: false },
      "save-profile": { type: "string" },
    },
  });
  const flag = (name: string, value: string | undefined, fallback: number) =>
    positiveInt({ bench: "eval-latency", name, value, fallback });
  const caseCount = flag("cases", values.cases, 500);
  const concurrency = flag("concurrency", values.concurrency, 50);
  const latencyMs = flag("latency", values.latency, 50);
  const runs = flag("runs", values.runs, 3);

  const suite = await loadSuite(suiteDir);
  const measuredSuite: Suite = { ...suite, cases: latencyCases(caseCount) };
  const warmSuite: Suite = { ...suite, cases: latencyCases(Math.min(caseCount, 2 * concurrency)) };
  const server = await startServer(latencyMs);
  const dir = mkdtempSync(join(tmpdir(), "reins-bench-latency-"));
  let served: { requests: number; failed: number } | undefined;
  try {
    console.log(
      `eval-latency: ${caseCount} trials (refund-triage, ${requestsPerTrial} model requests each) at concurrency ${concurrency}; ` +
        `model openai-compatible over the fake server in its own process, answering after ${latencyMs} ms; ` +
        `reins saves results to a SQLite file; ${runs} interleaved runs of each variant after a ${warmSuite.cases.length}-trial warm-up of each`,
    );
    console.log(`${machineLine()}\n`);
    let runNumber = 0;
    const once = (variant: Variant, runSuite: Suite) =>
      measureOnce({
        variant,
        suite: runSuite,
        url: server.url,
        concurrency,
        db: join(dir, `${++runNumber}.db`),
      });
    for (const variant of variants) await once(variant, warmSuite);
    const measured: Measured[] = [];
    for (let run = 1; run <= runs; run++) {
      // Rotate which variant goes first, so that machine noise falls on all of them alike.
      const order = variants.map((_, k) => variants[(k + run - 1) % variants.length] as Variant);
      for (const variant of order) measured.push(await once(variant, measuredSuite));
    }

    const idealOf = (m: Measured) => (m.requests * latencyMs) / 1000 / concurrency;
    console.log(
      table([
        [
          "variant",
          "requests",
          "wall s",
          "ideal s",
          "wall / ideal",
          "event loop busy",
          "CPU ms / request",
          "round trip p50 / p99 ms",
        ],
        ...measured.map((m) => {
          const trips = summarizeNs(m.roundTrips);
          return [
            variantLabels[m.variant],
            String(m.requests),
            (m.wallMs / 1000).toFixed(3),
            idealOf(m).toFixed(3),
            `${(m.wallMs / 1000 / idealOf(m)).toFixed(3)}×`,
            `${(m.eventLoopBusy * 100).toFixed(0)}%`,
            (m.cpuMs / m.requests).toFixed(2),
            `${ms(trips.p50 * 1000)} / ${ms(trips.p99 * 1000)}`,
          ];
        }),
      ]),
    );
    const of = (variant: Variant, pick: (m: Measured) => number) =>
      median(measured.filter((m) => m.variant === variant).map(pick));
    const wallSeconds = of("reins", (m) => m.wallMs / 1000);
    const idealSeconds = of("reins", idealOf);
    const ratio = wallSeconds / idealSeconds;
    const ratioOf = (variant: Variant) => of(variant, (m) => m.wallMs / 1000) / of(variant, idealOf);
    const cpu = (variant: Variant) => of(variant, (m) => m.cpuMs / m.requests);
    console.log(
      `\nmedians: reins ${wallSeconds.toFixed(3)} s vs ideal ${idealSeconds.toFixed(3)} s = ${ratio.toFixed(3)}× ` +
        `(target ≤ ${targetRatio}×: ${ratio <= targetRatio ? "met" : "MISSED"}); ` +
        `generateText alone ${ratioOf("sdk").toFixed(3)}×, doGenerate alone ${ratioOf("provider").toFixed(3)}×`,
    );
    console.log(
      `CPU budget: with ${concurrency} requests in flight each waiting ${latencyMs} ms, one thread can spend ` +
        `${(latencyMs / concurrency).toFixed(2)} ms of CPU per request before it, not the model, sets the pace. ` +
        `Spent per request (process CPU ÷ requests, medians): doGenerate alone ${cpu("provider").toFixed(2)} ms, ` +
        `generateText alone ${cpu("sdk").toFixed(2)} ms (+${(cpu("sdk") - cpu("provider")).toFixed(2)} ms in generateText), ` +
        `reins ${cpu("reins").toFixed(2)} ms (+${(cpu("reins") - cpu("provider")).toFixed(2)} ms in the harness over doGenerate alone).`,
    );

    const profiling = values.profile || values["save-profile"] !== undefined || ratio > targetRatio;
    if (profiling) {
      const session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
      await once("reins", measuredSuite);
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      if (values["save-profile"]) {
        writeFileSync(values["save-profile"], JSON.stringify(profile));
        console.log(
          `\nCPU profile saved to ${values["save-profile"]} (open it in Chrome DevTools › Performance)`,
        );
      }
      console.log(
        `\nwhere the harness's thread spends its time (one extra reins run, profiled${values.profile ? "" : " because the target was missed"}; not in the numbers above)`,
      );
      console.log(summarizeProfile(profile as unknown as CpuProfile, { root: repoRoot, top: 15 }));
    }
    served = await server.stop();
    if (served.failed > 0)
      throw new Error(`the fake server answered ${served.failed} requests with an error`);
    console.log(`\nthe fake server answered ${served.requests} chat requests in all, none failed`);
    console.log(
      `\n${JSON.stringify({ bench: "eval-latency", wallSeconds: round(wallSeconds, 3), idealSeconds: round(idealSeconds, 3), ratio: round(ratio, 3) })}`,
    );
  } finally {
    if (!served) await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
