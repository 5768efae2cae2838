import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EvalReport } from "../../src/eval/report.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import { type PrivatePostgres, startPrivatePostgres } from "./private-postgres.js";
import { type Machine, machine, processTracker, sleep, until } from "./queue-harness.js";

// The queue's PostgreSQL server restarted while workers run an eval. The shared server is never restarted: this test
// starts a cluster of its own, restarts that one, and stops it at the end.

let server: PrivatePostgres;
let coordinator: Machine;
let workers: Machine;
beforeAll(async () => {
  server = await startPrivatePostgres();
  coordinator = machine("queue-suite");
  workers = machine("queue-suite");
});
const processes = processTracker();
afterEach(() => processes.killAll());
afterAll(() => {
  coordinator?.remove();
  workers?.remove();
  server?.destroy();
});

const key = (r: { caseId: string; perturbation: string | null; trial: number }) =>
  `${r.caseId}|${r.perturbation ?? "none"}|${r.trial}`;

describe("the queue's PostgreSQL restarted during an eval", () => {
  it("workers and the eval reconnect; the eval completes with every trial exactly once", async () => {
    const store = join(coordinator.dir, "reins.db");
    const slow = { REINS_TEST_AGENT_DELAY_MS: "300" };
    const worker = () =>
      processes.track(
        workers.start(["worker", "--queue", server.url, "--store", store, "--concurrency", "3"], slow),
      );
    const [a, b] = [worker(), worker()];
    const run = processes.track(
      coordinator.start([
        ...["eval", "suite", "--trials", "2", "--perturb", "all", "--store", store],
        ...["--queue", server.url, "--job-timeout", "3"],
        ...["--out", join(coordinator.dir, "r.json"), "--html", join(coordinator.dir, "r.html")],
      ]),
    );
    await until(() => /eval (eval_\S+): /.test(run.output()), "the eval to print its id", {
      timeoutMs: 30_000,
      watched: { eval: run, "worker a": a, "worker b": b },
    });
    const evalId = /eval (eval_\S+): /.exec(run.output())?.[1] as string;
    const count = async () => {
      const s = await openSqliteStore({ path: store, readOnly: true });
      try {
        return (await s.evals.info(evalId))?.resultCount ?? 0;
      } finally {
        await s.close();
      }
    };
    await until(async () => (await count()) >= 10, "10 results before the restart", {
      timeoutMs: 60_000,
      watched: { eval: run, "worker a": a, "worker b": b },
    });
    const atStop = await count();
    server.stop();
    await sleep(2000);
    const whileDown = await count();
    server.start();
    await until(() => run.child.exitCode !== null || run.child.signalCode !== null, "the eval to end", {
      timeoutMs: 90_000,
      watched: { "worker a": a, "worker b": b },
    });
    const ended = await run.exited;
    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    const [aEnd, bEnd] = await Promise.all([a.exited, b.exited]);

    const s = await openSqliteStore({ path: store, readOnly: true });
    const results = await s.evals.results(evalId);
    await s.close();
    const keys = results.map(key);
    const report = JSON.parse(readFileSync(join(coordinator.dir, "r.json"), "utf8")) as EvalReport;
    const queueErrors = `${aEnd.stderr}${bEnd.stderr}${ended.stderr}`
      .split("\n")
      .filter((l) => /queue/.test(l));
    console.log(
      `restart test: eval ${evalId}: server stopped at ${atStop} results, ${whileDown} after 2 s down, then started; ` +
        `eval exit ${ended.code}; ${results.length} results, ${new Set(keys).size} distinct; ` +
        `workers exit ${aEnd.code}, ${bEnd.code}; ${queueErrors.length} queue error lines, e.g.:\n${queueErrors.slice(0, 3).join("\n")}`,
    );
    expect(ended.code, ended.stderr).toBe(0);
    expect(queueErrors.length).toBeGreaterThan(0);
    expect(results.length).toBe(72);
    expect(new Set(keys).size).toBe(72);
    expect(report.results.map(key).sort()).toEqual([...keys].sort());
    expect(report.thresholds.passed).toBe(true);
    expect([aEnd.code, bEnd.code]).toEqual([0, 0]);
  }, 120_000);
});
