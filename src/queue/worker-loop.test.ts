import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type TrialJob, trialJobId } from "./trial-job.js";
import { openTrialQueue } from "./trial-queue.js";
import { runWorkerLoop, type WorkerEvent } from "./worker-loop.js";

/** The shared test server (CI starts it); a pg-boss schema of this file's own, dropped at the end. */
const url = process.env.REINS_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `reins_queue_loop_${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

const job = (caseId: string): TrialJob => ({
  schemaVersion: 1,
  evalId: "e",
  caseId,
  perturbation: "none",
  trial: 1,
});

describe("runWorkerLoop (over pg-boss on PostgreSQL)", () => {
  it("keeps at most `concurrency` trials in flight, fails a trial past its job's time limit, and drains on stop", async () => {
    const queue = await openTrialQueue({ url, schema, connectTimeoutMs: 5000 });
    try {
      await queue.enqueue(["a", "b", "c", "hang"].map(job), {
        expireInSeconds: 1,
        retryLimit: 0,
        retryDelaySeconds: 0,
      });
      const events: WorkerEvent[] = [];
      let inFlight = 0;
      let most = 0;
      const stop = new AbortController();
      let aborted = false;
      const loop = runWorkerLoop({
        queue,
        concurrency: 2,
        signal: stop.signal,
        pollIntervalMs: 100,
        onEvent: (e) => {
          events.push(e);
          if (events.filter((x) => x.type !== "queue-error").length === 4) stop.abort();
        },
        runJob: async (j, signal) => {
          inFlight++;
          most = Math.max(most, inFlight);
          try {
            if (j.caseId === "hang") {
              await new Promise((resolve) => signal.addEventListener("abort", resolve));
              aborted = true;
            } else await new Promise((resolve) => setTimeout(resolve, 50));
            return { passed: true };
          } finally {
            inFlight--;
          }
        },
      });
      await loop;
      expect(most).toBe(2);
      expect(aborted).toBe(true);
      const byCase = Object.fromEntries(
        events.flatMap((e) => (e.type === "queue-error" || !e.job ? [] : [[e.job.caseId, e.type]])),
      );
      expect(byCase).toEqual({ a: "done", b: "done", c: "done", hang: "failed" });
      const failed = events.find((e) => e.type === "failed");
      expect(failed).toMatchObject({
        code: "REINS_RUN_TIMEOUT",
        message: "the trial did not end within its job's time limit (1 s)",
        final: true,
      });
      expect(await queue.failures("e")).toEqual([
        {
          id: expect.any(String),
          data: job("hang"),
          code: "REINS_RUN_TIMEOUT",
          message: "the trial did not end within its job's time limit (1 s)",
        },
      ]);
    } finally {
      await queue.close();
    }
  });

  it("takes the next job while the last one's completion is on its way, and completes both", async () => {
    const queue = await openTrialQueue({ url, schema, connectTimeoutMs: 5000 });
    try {
      const evalJob = (caseId: string): TrialJob => ({ ...job(caseId), evalId: "e-batch" });
      await queue.enqueue(["a", "b"].map(evalJob), {
        expireInSeconds: 30,
        retryLimit: 0,
        retryDelaySeconds: 0,
      });
      const first = trialJobId("e-batch", evalJob("a"));
      const log: string[] = [];
      let openGate: (() => void) | undefined;
      const gate = new Promise<void>((resolve) => {
        openGate = resolve;
      });
      const stop = new AbortController();
      let done = 0;
      await runWorkerLoop({
        queue: {
          ...queue,
          // The first completion waits until the second trial has run.
          complete: async (ids) => {
            const names = ids.length === 1 && ids[0] === first ? "a" : "b";
            log.push(`complete ${names}`);
            if (names === "a") await gate;
            await queue.complete(ids);
            log.push(`completed ${names}`);
          },
        },
        concurrency: 1,
        signal: stop.signal,
        pollIntervalMs: 100,
        onEvent: (e) => {
          if (e.type === "done" && ++done === 2) stop.abort();
        },
        runJob: async (j) => {
          log.push(`run ${j.caseId}`);
          if (j.caseId === "b") openGate?.();
          return { passed: true };
        },
      });
      expect(log).toEqual(["run a", "complete a", "run b", "completed a", "complete b", "completed b"]);
      expect(await queue.fetch(5)).toEqual([]);
      expect(await queue.failures("e-batch")).toEqual([]);
    } finally {
      await queue.close();
    }
  });

  it("asks an empty queue again as soon as jobs are announced, not only after the poll interval", async () => {
    const worker = await openTrialQueue({ url, schema, connectTimeoutMs: 5000 });
    const coordinator = await openTrialQueue({ url, schema, connectTimeoutMs: 5000 });
    try {
      const stop = new AbortController();
      const ran: string[] = [];
      const loop = runWorkerLoop({
        queue: worker,
        concurrency: 1,
        signal: stop.signal,
        // Longer than the test may take: only an announcement can wake it.
        pollIntervalMs: 600_000,
        onEvent: (e) => {
          if (e.type === "done") stop.abort();
        },
        runJob: async (j) => {
          ran.push(j.caseId);
          return { passed: true };
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await coordinator.enqueue([{ ...job("announced"), evalId: "e-announce" }], {
        expireInSeconds: 30,
        retryLimit: 0,
        retryDelaySeconds: 0,
      });
      // The worker's listening connection opens in the background: announce until the job has run.
      for (let i = 0; i < 100 && ran.length === 0; i++) {
        await coordinator.announce("e-announce");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await loop;
      expect(ran).toEqual(["announced"]);
    } finally {
      await worker.close();
      await coordinator.close();
    }
  });
});
