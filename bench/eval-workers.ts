/**
 * Distributed evaluation, scaling: one latency-bound suite (the eval-latency bench's: refund-triage cases that each
 * take four model requests, over the fake OpenAI-compatible server in its own process, answering after a fixed
 * latency) run through `reins eval --queue` by 1, 2 and 4 `reins worker` processes on this machine, in one run. Each
 * configuration gets a fresh store and eval; the wall time is the coordinator's, from the trials queued to its exit
 * (report written). Reports the wall time against the ideal (total model latency ÷ trials in flight across the
 * workers) and the scaling efficiency (speed-up over one worker ÷ workers). Beside them, where the time went: when
 * the first job was taken, when every slot first held one, when the last ended (pg-boss's job table), and the CPU
 * seconds each kind of process spent (/proc), against what the machine's cores give in the wall time.
 *
 *   npx tsup && npm run bench -- eval-workers [--cases 500] [--concurrency 5] [--latency 50]
 *
 * The queue is a PostgreSQL database of the bench's own on REINS_BENCH_POSTGRES_URL (default the local server at
 * 127.0.0.1:5432), dropped at the end; the store is a SQLite file the processes share.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import type { EvalReport } from "../src/eval/report.js";
import { defaultQueueSchema } from "../src/queue/trial-queue.js";
import { refundCase } from "./fixtures/throughput-suite/generate-cases.js";
import { positiveInt } from "./lib/args.js";
import { startServer } from "./lib/fake-server-process.js";
import { machineLine, round } from "./lib/machine.js";
import { cpuOf, exitedChildrenCpu, parentPid, postgresCpu } from "./lib/proc-cpu.js";
import { type QueuePhases, queuePhases } from "./lib/queue-phases.js";
import { table } from "./lib/samples.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const suiteDir = join(repoRoot, "bench", "fixtures", "throughput-suite");
const bin = join(repoRoot, "bin", "reins.js");
/** Issue target: speed-up ≥ 0.85 × N for N ≤ 4. */
const target = 0.85;
const requestsPerTrial = 4;
const workerCounts = [1, 2, 4] as const;

/** Eligible refunds only (four model requests each), as in eval-latency. */
function latencyCases(count: number) {
  return Array.from({ length: count }, (_, k) => refundCase(5 * Math.floor(k / 2) + (k % 2) * 2));
}

interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function reins(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (c) => {
    out += String(c);
  });
  child.stderr?.on("data", (c) => {
    out += String(c);
  });
  return { child, output: () => out, exited: new Promise((resolve) => child.on("close", resolve)) };
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<number> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now();
}

async function admin<T>(
  serverUrl: string,
  sql: string,
  then: (result: pg.QueryResult) => T = () => undefined as T,
): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    // While connected: a backend's process is gone once its connection ends.
    return then(await client.query(sql));
  } finally {
    await client.end();
  }
}

interface Measured {
  workers: number;
  wallSeconds: number;
  trials: number;
  passed: number;
  phases: QueuePhases;
  cpu: CpuSeconds;
}

/** CPU seconds spent while the trials ran (from queued to the coordinator's exit), by process; undefined off Linux. */
interface CpuSeconds {
  workers: number | undefined;
  /** The coordinator's whole life (start-up, enqueue, wait, report). */
  coordinator: number | undefined;
  server: number | undefined;
  /** Every process of the PostgreSQL server: others' queries count too. */
  postgres: number | undefined;
}

const sum = (values: readonly (number | undefined)[]) =>
  values.some((v) => v === undefined) ? undefined : values.reduce<number>((a, v) => a + (v as number), 0);
const minus = (after: number | undefined, before: number | undefined) =>
  after === undefined || before === undefined ? undefined : after - before;

async function measure(options: {
  workers: number;
  concurrency: number;
  queue: string;
  model: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  serverPid: number;
  postmasterPid: number | undefined;
}): Promise<Measured> {
  const store = join(options.dir, `workers-${options.workers}.db`);
  const out = join(options.dir, `workers-${options.workers}.json`);
  const env = { ...options.env, REINS_STORE: store };
  const workers = Array.from({ length: options.workers }, () =>
    reins(["worker", "--queue", options.queue, "--concurrency", String(options.concurrency)], env),
  );
  try {
    for (const w of workers)
      await until(() => w.output().includes("worker: taking trials"), "a worker to start");
    const workersCpu = () => sum(workers.map((w) => cpuOf(w.child.pid as number)));
    const serverCpu = () => cpuOf(options.serverPid);
    const pgCpu = () =>
      options.postmasterPid === undefined ? undefined : postgresCpu(options.postmasterPid);
    const coordinatorBefore = exitedChildrenCpu();
    const evaluation = reins(
      [
        ...["eval", suiteDir, "--model", options.model, "--no-cache", "--queue", options.queue],
        ...["--out", out, "--html", join(options.dir, `workers-${options.workers}.html`)],
      ],
      env,
    );
    const queued = await until(
      () => / trials queued on /.test(evaluation.output()),
      "the trials to be queued",
    );
    const queuedAt = Date.now();
    const before = { workers: workersCpu(), server: serverCpu(), postgres: pgCpu() };
    const code = await evaluation.exited;
    const ended = performance.now();
    const exitAt = Date.now();
    const cpu: CpuSeconds = {
      workers: minus(workersCpu(), before.workers),
      coordinator: minus(exitedChildrenCpu(), coordinatorBefore),
      server: minus(serverCpu(), before.server),
      postgres: minus(pgCpu(), before.postgres),
    };
    if (code !== 0) throw new Error(`reins eval --queue exited ${code}:\n${evaluation.output()}`);
    const report = JSON.parse(readFileSync(out, "utf8")) as EvalReport;
    const evalId = /eval (\S+): \d+ trials queued/.exec(evaluation.output())?.[1];
    if (!evalId) throw new Error(`no eval id in the output of reins eval --queue:\n${evaluation.output()}`);
    return {
      workers: options.workers,
      wallSeconds: (ended - queued) / 1000,
      trials: report.results.length,
      passed: report.results.filter((r) => r.passed).length,
      phases: await queuePhases({
        url: options.queue,
        schema: defaultQueueSchema,
        evalId,
        queuedAt,
        exitAt,
        slots: options.workers * options.concurrency,
      }),
      cpu,
    };
  } finally {
    for (const w of workers) w.child.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));
  }
}

export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: { cases: { type: "string" }, concurrency: { type: "string" }, latency: { type: "string" } },
  });
  const flag = (name: string, value: string | undefined, fallback: number) =>
    positiveInt({ bench: "eval-workers", name, value, fallback });
  const caseCount = flag("cases", values.cases, 500);
  const concurrency = flag("concurrency", values.concurrency, 5);
  const latencyMs = flag("latency", values.latency, 50);
  if (!existsSync(join(repoRoot, "dist", "cli", "main.js")))
    throw new Error("the workers run the built CLI: run `npx tsup` first");

  const serverUrl = process.env.REINS_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const database = `eval_workers_bench_${randomUUID().slice(0, 8)}`;
  await admin(serverUrl, `CREATE DATABASE ${database}`);
  // A server on this machine: its postmaster's processes are counted (the parent of this connection's backend).
  const postmasterPid = await admin(serverUrl, "SELECT pg_backend_pid() AS pid", (r) =>
    parentPid((r.rows[0] as { pid: number }).pid),
  );
  const queueUrl = new URL(serverUrl);
  queueUrl.pathname = `/${database}`;
  const dir = mkdtempSync(join(tmpdir(), "reins-bench-workers-"));
  const casesFile = join(dir, "cases.jsonl");
  writeFileSync(
    casesFile,
    `${latencyCases(caseCount)
      .map((c) => JSON.stringify(c))
      .join("\n")}\n`,
  );
  const server = await startServer(latencyMs);
  let served: { requests: number; failed: number } | undefined;
  try {
    console.log(
      `eval-workers: ${caseCount} trials (refund-triage, ${requestsPerTrial} model requests each) through reins eval --queue, ` +
        `run by ${workerCounts.join(", ")} reins worker processes of --concurrency ${concurrency}; model openai-compatible over ` +
        `the fake server in its own process, answering after ${latencyMs} ms; queue: PostgreSQL ${queueUrl.host}; store: one SQLite file`,
    );
    console.log(`${machineLine()}\n`);
    const measured: Measured[] = [];
    for (const workers of workerCounts) {
      measured.push(
        await measure({
          workers,
          concurrency,
          queue: queueUrl.toString(),
          model: `openai-compatible:${server.url}#bench`,
          dir,
          // The bench suite reads its cases from the file this names (bench/fixtures/throughput-suite/suite.ts).
          env: { REINS_BENCH_CASES: casesFile },
          serverPid: server.pid,
          postmasterPid,
        }),
      );
    }
    for (const m of measured) {
      if (m.trials !== caseCount || m.passed !== caseCount)
        throw new Error(
          `${m.workers} workers: ${m.passed} of ${m.trials} trials passed; expected ${caseCount} of ${caseCount}`,
        );
    }
    const idealOf = (workers: number) =>
      (caseCount * requestsPerTrial * latencyMs) / 1000 / (workers * concurrency);
    const one = measured[0] as Measured;
    const efficiency = (m: Measured) => one.wallSeconds / m.wallSeconds / m.workers;
    console.log(
      table([
        [
          "workers",
          "trials in flight",
          "wall s",
          "ideal s",
          "wall / ideal",
          "speed-up",
          "efficiency (speed-up ÷ N)",
        ],
        ...measured.map((m) => [
          String(m.workers),
          String(m.workers * concurrency),
          m.wallSeconds.toFixed(2),
          idealOf(m.workers).toFixed(2),
          `${(m.wallSeconds / idealOf(m.workers)).toFixed(2)}×`,
          `${(one.wallSeconds / m.wallSeconds).toFixed(2)}×`,
          efficiency(m).toFixed(3),
        ]),
      ]),
    );
    console.log(
      `\nwhere the time went (s from the trials queued; from pg-boss's job table):\n${table([
        [
          "workers",
          "first job taken",
          "all slots busy",
          "last job taken",
          "last job done",
          "coordinator exit",
          "mean job s",
          "mean in flight",
        ],
        ...measured.map(({ workers, phases: p }) => [
          String(workers),
          p.firstStart.toFixed(2),
          p.slotsFull === undefined ? "never" : p.slotsFull.toFixed(2),
          p.lastStart.toFixed(2),
          p.lastComplete.toFixed(2),
          p.exit.toFixed(2),
          p.meanJobSeconds.toFixed(3),
          `${p.meanInFlight.toFixed(1)} of ${workers * concurrency}`,
        ]),
      ])}`,
    );
    const cores = cpus().length;
    const seconds = (v: number | undefined) => (v === undefined ? "?" : v.toFixed(2));
    console.log(
      `\nCPU seconds while the trials ran (queued to the coordinator's exit; /proc), beside what ${cores} cores give in that time:\n${table(
        [
          [
            "workers",
            "workers",
            "coordinator (whole run)",
            "fake server",
            "PostgreSQL (all clients)",
            "sum",
            "cores × wall",
            "cores the sum needs at the ideal pace",
          ],
          ...measured.map(({ workers, cpu, wallSeconds }) => {
            const total = sum([cpu.workers, cpu.coordinator, cpu.server, cpu.postgres]);
            return [
              String(workers),
              seconds(cpu.workers),
              seconds(cpu.coordinator),
              seconds(cpu.server),
              seconds(cpu.postgres),
              seconds(total),
              (cores * wallSeconds).toFixed(2),
              total === undefined ? "?" : `${(total / idealOf(workers)).toFixed(2)} of ${cores}`,
            ];
          }),
        ],
      )}`,
    );
    const [e2, e4] = [efficiency(measured[1] as Measured), efficiency(measured[2] as Measured)];
    console.log(
      `\nefficiency at 2 workers ${e2.toFixed(3)}, at 4 ${e4.toFixed(3)} (target ≥ ${target}: ${e2 >= target && e4 >= target ? "met" : "MISSED"})`,
    );
    served = await server.stop();
    if (served.failed > 0)
      throw new Error(`the fake server answered ${served.failed} requests with an error`);
    console.log(`the fake server answered ${served.requests} chat requests in all, none failed`);
    console.log(
      `\n${JSON.stringify({
        bench: "eval-workers",
        trials: caseCount,
        concurrency,
        wallSeconds1: round(one.wallSeconds, 3),
        wallSeconds2: round((measured[1] as Measured).wallSeconds, 3),
        wallSeconds4: round((measured[2] as Measured).wallSeconds, 3),
        idealSeconds1: round(idealOf(1), 3),
        efficiency2: round(e2, 3),
        efficiency4: round(e4, 3),
      })}`,
    );
  } finally {
    if (!served) await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  }
}
