import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EvalReport } from "../../src/eval/report.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import {
  createDatabase,
  type Machine,
  machine,
  processTracker,
  type Started,
  sleep,
  until,
} from "./queue-harness.js";

// Distributed evaluation end to end: the built CLI in child processes, two "machines" (project folders, each with
// its copy of the workflow) sharing one SQLite store file, and a queue in a PostgreSQL database of the test's own.

let db: { url: string; drop(): Promise<void> };
let coordinator: Machine;
let workers: Machine;
beforeAll(async () => {
  db = await createDatabase();
  coordinator = machine("queue-suite");
  workers = machine("queue-suite");
});
// Every process a test starts, stopped once it ends however it ended: none is left to take the next test's jobs.
const processes = processTracker();
const spawned = processes.track;
afterEach(() => processes.killAll());
afterAll(async () => {
  coordinator?.remove();
  workers?.remove();
  await db?.drop();
});

const key = (r: { caseId: string; perturbation: string | null; trial: number }) =>
  `${r.caseId}|${r.perturbation ?? "none"}|${r.trial}`;
/** A report without what differs from run to run (times, run ids, the order trials ended in). */
const comparable = (report: EvalReport) => {
  const { startedAt: _s, durationMs: _d, results, ...rest } = report;
  const sorted = [...results].sort((a, b) => key(a).localeCompare(key(b)));
  return { ...rest, results: sorted.map(({ durationMs: _t, runId: _r, ...r }) => r) };
};
const evalIdOf = (output: string) => /eval (eval_[a-z0-9]+_[0-9a-f]+): /.exec(output)?.[1];

describe("reins eval --queue with reins worker", () => {
  it("survives workers killed with SIGKILL mid-trial: every trial exactly once, the same report as a local eval", async () => {
    const store = join(coordinator.dir, "reins.db");
    const evalArgs = ["eval", "suite", "--trials", "2", "--perturb", "all", "--store", store];
    const local = await coordinator.run([
      ...evalArgs,
      "--out",
      join(coordinator.dir, "local.json"),
      "--html",
      join(coordinator.dir, "local.html"),
    ]);
    expect(local.code).toBe(0);
    const localReport = JSON.parse(readFileSync(join(coordinator.dir, "local.json"), "utf8")) as EvalReport;

    const slow = { REINS_TEST_AGENT_DELAY_MS: "300" };
    const startWorker = () =>
      spawned(workers.start(["worker", "--queue", db.url, "--store", store, "--concurrency", "3"], slow));
    const steady = startWorker();
    let victim = startWorker();
    const eval_ = spawned(
      coordinator.start([
        ...evalArgs,
        "--queue",
        db.url,
        "--job-timeout",
        "3",
        "--out",
        join(coordinator.dir, "queued.json"),
        "--html",
        join(coordinator.dir, "queued.html"),
      ]),
    );
    const watched = () => ({ eval: eval_, "steady worker": steady, victim });
    await until(() => evalIdOf(eval_.output()) !== undefined, "the eval to print its id", {
      timeoutMs: 30_000,
      watched: { eval: eval_ },
    });
    const evalId = evalIdOf(eval_.output()) as string;
    const stored = async () => {
      const s = await openSqliteStore({ path: store, readOnly: true });
      try {
        return (await s.evals.info(evalId))?.resultCount ?? 0;
      } finally {
        await s.close();
      }
    };

    // Three times: once the victim runs trials (results keep coming), kill it mid-trial and start another.
    const kills: { at: number; killed: Started }[] = [];
    for (let k = 0; k < 3; k++) {
      await until(() => victim.output().includes("worker: taking trials"), `worker ${k + 1} to take trials`, {
        timeoutMs: 30_000,
        watched: watched(),
      });
      const before = await stored();
      await until(
        async () => (await stored()) >= before + 4,
        `4 results more than ${before} before kill ${k + 1}`,
        {
          timeoutMs: 30_000,
          watched: watched(),
        },
      );
      await sleep(150);
      victim.child.kill("SIGKILL");
      kills.push({ at: await stored(), killed: victim });
      victim = startWorker();
    }
    await until(() => eval_.child.exitCode !== null || eval_.child.signalCode !== null, "the eval to end", {
      timeoutMs: 60_000,
      watched: { "steady worker": steady, victim },
    });
    const ended = await eval_.exited;
    steady.child.kill("SIGTERM");
    victim.child.kill("SIGTERM");
    const [steadyEnd] = await Promise.all([steady.exited, victim.exited]);

    // Jobs the killed workers held were retried (pg-boss counts a retry on the next fetch).
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const retried = await client.query(
      "SELECT data->>'caseId' AS case, data->>'trial' AS trial, retry_count FROM reins_queue.job WHERE data->>'evalId' = $1 AND retry_count > 0",
      [evalId],
    );
    await client.end();

    const s = await openSqliteStore({ path: store, readOnly: true });
    const results = await s.evals.results(evalId);
    const info = await s.evals.info(evalId);
    await s.close();
    const keys = results.map(key);
    const expected = localReport.results.map(key);
    const queuedReport = JSON.parse(readFileSync(join(coordinator.dir, "queued.json"), "utf8")) as EvalReport;

    console.log(
      `SIGKILL test: eval ${evalId}, ${expected.length} trials; killed a worker at ${kills.map((k) => k.at).join(", ")} results ` +
        `(signals: ${(await Promise.all(kills.map((k) => k.killed.exited))).map((r) => r.signal).join(", ")}); ` +
        `${retried.rowCount} jobs retried (${retried.rows.map((r) => `${r.case}#${r.trial}×${r.retry_count}`).join(", ")}); ` +
        `${results.length} results stored, ${new Set(keys).size} distinct keys; coordinator exit ${ended.code}; ` +
        `status ${info?.status}`,
    );
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toContain("Thresholds: met");
    expect(retried.rowCount).toBeGreaterThan(0);
    expect(keys.length).toBe(expected.length);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...expected].sort());
    expect(queuedReport.results.map(key).sort()).toEqual([...expected].sort());
    expect(comparable(queuedReport)).toEqual(comparable(localReport));
    expect(info?.status).toBe("finished");
    expect(steadyEnd.code).toBe(0);
    expect(steadyEnd.stdout).toMatch(/worker: stopped; \d+ trials run/);
  }, 120_000);
});

describe("a worker whose workflow folder differs from the eval's", () => {
  it("refuses its trials naming what differs; the eval ends incomplete (exit 2), and --collect completes it once a matching worker runs", async () => {
    const other = machine("queue-suite");
    const store = join(coordinator.dir, "mismatch.db");
    try {
      // The same workflow but one tool's contract.
      const tools = join(other.suite, "tools.ts");
      writeFileSync(
        tools,
        readFileSync(tools, "utf8").replace('purpose: "Find', 'purpose: "Look up and find'),
      );
      const wrong = spawned(other.start(["worker", "--queue", db.url, "--store", store]));
      // The coordinator's eval, queued or collected, writes its reports to the same files.
      const queuedEval = (...args: string[]) =>
        spawned(
          coordinator.start([
            ...["eval", "suite", "--queue", db.url, ...args, "--store", store],
            ...[
              "--out",
              join(coordinator.dir, "mismatch.json"),
              "--html",
              join(coordinator.dir, "mismatch.html"),
            ],
          ]),
        ).exited;
      const ended = await queuedEval("--job-timeout", "5");
      wrong.child.kill("SIGTERM");
      const wrongEnd = await wrong.exited;
      console.log(
        `mismatch test: eval exit ${ended.code}\n${ended.stderr}\nworker said:\n${wrongEnd.stderr.split("\n").slice(0, 2).join("\n")}`,
      );
      expect(readFileSync(tools, "utf8")).toContain("Look up and find");
      expect(ended.code).toBe(2);
      expect(ended.stderr).toMatch(
        /cannot complete: 6 of 6 trials failed on every attempt; first, .* trial 1: this worker's workflow folder suite differs from the one evaluation eval_\S+ was planned on: tools: \w+ differs \[REINS_WORKFLOW_MISMATCH\]/,
      );
      expect(wrongEnd.stderr).toMatch(
        /not run: this worker's workflow folder suite differs .*tools: \w+ differs/,
      );
      expect(existsSync(join(coordinator.dir, "mismatch.json"))).toBe(false);
      const evalId = evalIdOf(ended.stdout) as string;

      const right = spawned(workers.start(["worker", "--queue", db.url, "--store", store]));
      const collected = await queuedEval("--collect", evalId);
      right.child.kill("SIGTERM");
      await right.exited;
      expect(collected.code, collected.stderr).toBe(0);
      expect(collected.stdout).toContain(
        `eval ${evalId}: 0 of 6 trials done, 6 that had failed for good queued again`,
      );
      const report = JSON.parse(readFileSync(join(coordinator.dir, "mismatch.json"), "utf8")) as EvalReport;
      expect(report.results.map(key)).toHaveLength(6);
    } finally {
      other.remove();
    }
  }, 120_000);
});

describe("queue URLs that cannot be used", () => {
  it("a server that does not answer: a clear error naming the URL, password hidden, exit 2, within the connection limit", async () => {
    // A loopback port that accepts connections and never answers, and one where nothing listens.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const [hung, refused, worker] = await Promise.all([
        coordinator.run([
          "eval",
          "suite",
          "--queue",
          `postgres://reins:s3cret@127.0.0.1:${port}/q?connect_timeout=2`,
        ]),
        coordinator.run(["eval", "suite", "--queue", "postgres://reins:s3cret@127.0.0.1:1/q"]),
        workers.run(["worker", "--queue", "postgresql://reins:s3cret@127.0.0.1:1/q"]),
      ]);
      const took = Date.now() - started;
      for (const r of [hung, refused, worker]) {
        expect(r.code).toBe(2);
        expect(r.stdout + r.stderr).not.toContain("s3cret");
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      expect(hung.stderr).toMatch(
        new RegExp(
          `^cannot use the queue at postgres://reins:\\*\\*\\*@127\\.0\\.0\\.1:${port}/q\\?connect_timeout=2: .*timeout`,
          "m",
        ),
      );
      expect(refused.stderr).toMatch(
        /^cannot use the queue at postgres:\/\/reins:\*\*\*@127\.0\.0\.1:1\/q: .*ECONNREFUSED/m,
      );
      expect(worker.stderr).toMatch(
        /^cannot use the queue at postgresql:\/\/reins:\*\*\*@127\.0\.0\.1:1\/q: /m,
      );
      expect(hung.stderr).toContain("hint: check that PostgreSQL runs there");
      expect(took).toBeLessThan(20_000);
    } finally {
      silent.close();
    }
  }, 60_000);

  it("a URL that is not PostgreSQL's, and queue flags without --queue: usage errors, exit 2", async () => {
    const [http, collect, worker] = await Promise.all([
      coordinator.run(["eval", "suite", "--queue", "http://user:pw@localhost/x"]),
      coordinator.run(["eval", "suite", "--collect", "eval_x"]),
      workers.run(["worker"], { REINS_QUEUE: "" }),
    ]);
    expect(http).toMatchObject({ code: 2 });
    expect(http.stderr).toContain(
      '--queue takes a PostgreSQL URL (postgres://user:password@host:port/database); got "http://user:***@localhost/x"',
    );
    expect(collect).toMatchObject({ code: 2 });
    expect(collect.stderr).toContain("--collect goes with --queue <url>");
    expect(worker).toMatchObject({ code: 2 });
    expect(worker.stderr).toContain("no queue: pass --queue postgres://");
  });
});
