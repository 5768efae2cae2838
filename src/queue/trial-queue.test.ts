import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../errors/reins-error.js";
import type { TrialJob } from "./trial-job.js";
import { openTrialQueue, type TrialQueue } from "./trial-queue.js";

/** The shared test server (CI starts it); each test run gets a pg-boss schema of its own, dropped at the end. */
const url = process.env.REINS_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `reins_queue_test_${randomUUID().slice(0, 8)}`;

const job = (evalId: string, caseId: string, trial = 1): TrialJob => ({
  schemaVersion: 1,
  evalId,
  caseId,
  perturbation: "none",
  trial,
});

describe("the trial queue over pg-boss (PostgreSQL at REINS_TEST_POSTGRES_URL or 127.0.0.1:5432)", () => {
  const opened: TrialQueue[] = [];
  const open = async () => {
    const queue = await openTrialQueue({ url, schema, connectTimeoutMs: 5000 }).catch((error: unknown) => {
      throw new Error(`PostgreSQL is needed for this test and did not answer at ${url}: ${String(error)}`);
    });
    opened.push(queue);
    return queue;
  };
  afterAll(async () => {
    for (const q of opened) await q.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it("adds each trial once however often it is enqueued, and hands each job to one fetcher", async () => {
    const a = await open();
    const b = await open();
    const policy = { expireInSeconds: 60, retryLimit: 1, retryDelaySeconds: 0 };
    const jobs = [job("e1", "c1"), job("e1", "c1", 2), job("e1", "c2")];
    await a.enqueue(jobs, policy);
    await b.enqueue(jobs, policy);
    const [first, second] = await Promise.all([a.fetch(2), b.fetch(2)]);
    const fetched = [...(first ?? []), ...(second ?? [])];
    const byKey = (x: unknown) => `${(x as TrialJob).caseId}#${(x as TrialJob).trial}`;
    expect(fetched.map((j) => j.data).sort((x, y) => byKey(x).localeCompare(byKey(y)))).toEqual(jobs);
    expect(await a.fetch(5)).toEqual([]);
    await a.complete(fetched.map((j) => j.id));
    expect(await a.fetch(5)).toEqual([]);
  });

  it("retries a failed job while attempts remain, then lists it with its last error", async () => {
    const q = await open();
    await q.enqueue([job("e2", "c1")], { expireInSeconds: 60, retryLimit: 1, retryDelaySeconds: 0 });
    const [attempt1] = await q.fetch(1);
    expect(attempt1?.retryCount).toBe(0);
    await q.fail(attempt1?.id as string, { code: "X", message: "first refusal" });
    expect(await q.failures("e2")).toEqual([]);
    const [attempt2] = await q.fetch(1);
    expect(attempt2?.retryCount).toBe(1);
    await q.fail(attempt2?.id as string, { code: "X", message: "second refusal" });
    expect(await q.failures("e2")).toEqual([
      { id: attempt2?.id, data: job("e2", "c1"), code: "X", message: "second refusal" },
    ]);
    await q.retry([attempt2?.id as string]);
    expect(await q.failures("e2")).toEqual([]);
    const [attempt3] = await q.fetch(1);
    expect(attempt3?.id).toBe(attempt2?.id);
    await q.complete([attempt3?.id as string]);
    expect(await q.failures("e1")).toEqual([]);
  });

  it("hands an announcement to every process listening on the queue, with the evaluation's id", async () => {
    const a = await open();
    const b = await open();
    const heard: (string | undefined)[] = [];
    b.listen((evalId) => heard.push(evalId));
    // The listening connection opens in the background: announce until it has heard one.
    for (let i = 0; i < 100 && heard.length === 0; i++) {
      await a.announce("e3");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(heard.length).toBeGreaterThan(0);
    expect(new Set(heard)).toEqual(new Set(["e3"]));
  });

  it("says which URL it cannot reach, password hidden, within the connection limit", async () => {
    const started = Date.now();
    const error = await openTrialQueue({
      url: "postgres://reins:s3cret-pass@127.0.0.1:1/nowhere",
      schema,
      connectTimeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(UserError.isInstance(error)).toBe(true);
    expect((error as UserError).code).toBe("REINS_QUEUE_UNREACHABLE");
    expect((error as UserError).message).toMatch(
      /^cannot use the queue at postgres:\/\/reins:\*\*\*@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/,
    );
    expect((error as UserError).message).not.toContain("s3cret");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("opens on a new database from several processes at once (PostgreSQL failing one of them on a deadlock)", async () => {
    // Before the queue retried, four opening together on a fresh schema could fail with "deadlock detected", though
    // not in every round: several rounds make a missed retry show.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (let round = 0; round < 8; round++) {
        const fresh = `${schema}_new${round}`;
        const outcomes = await Promise.allSettled(
          Array.from({ length: 4 }, () => openTrialQueue({ url, schema: fresh, connectTimeoutMs: 5000 })),
        );
        const queues = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
        await Promise.all(queues.map((q) => q.close()));
        await client.query(`DROP SCHEMA IF EXISTS ${fresh} CASCADE`);
        const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
        expect(failed, `round ${round}`).toEqual([]);
      }
    } finally {
      await client.end();
    }
  }, 60_000);
});
