import type PgBoss from "pg-boss";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { type JobSignal, listenForJobs } from "./job-signal.js";
import { redactUrl } from "./queue-url.js";
import type { TrialJob } from "./trial-job.js";
import { trialJobId } from "./trial-job.js";

/** The pg-boss queue every trial job goes to; a job's data names its evaluation. */
export const trialQueueName = "reins-trials";
/** The PostgreSQL schema pg-boss keeps its tables in (it creates and migrates them itself). */
export const defaultQueueSchema = "reins_queue";

export interface TrialQueueOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** The schema of pg-boss's tables (default `reins_queue`). */
  schema?: string;
  /**
   * How long to wait for a connection, in ms (default: the URL's `connect_timeout` in seconds, as libpq reads it,
   * else 10 s): an unreachable server is an error, not a hang.
   */
  connectTimeoutMs?: number;
  /**
   * How often this process runs pg-boss's maintenance, in seconds (default 2): among other things it returns the
   * jobs of a worker that died (active past their time limit) to the queue. One process at a time does the work.
   */
  maintenanceIntervalSeconds?: number;
  /** Connections at most (default 10). */
  maxConnections?: number;
  /** Errors of the connection pool after start (a server restart): pg-boss reconnects on the next query. */
  onError?: (error: Error) => void;
}

/** How a trial's job is retried: after a time limit (a worker that died or hangs) or a refusal. */
export interface JobPolicy {
  /** A job active longer than this is failed by the queue's maintenance and retried. */
  expireInSeconds: number;
  /** Attempts after the first. */
  retryLimit: number;
  /** Wait before a retry, in seconds. */
  retryDelaySeconds: number;
}

/** A job as fetched: its id, its data (unchecked: read it with `trialJobSchema`), and its attempt. */
export interface FetchedJob {
  id: string;
  data: unknown;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
  expireInSeconds: number;
}

/** A trial whose job failed for good (every attempt used): its data and the last attempt's error. */
export interface FailedJob {
  /** The job's id. */
  id: string;
  data: unknown;
  /** The last attempt's error code (a Reins code, or `REINS_RUN_TIMEOUT` for a job past its time limit). */
  code: string;
  message: string;
}

/** The trial queue over pg-boss: enqueue, fetch, complete or fail, and what failed for good. */
export interface TrialQueue {
  /** Adds the jobs (ids derived from their keys, so adding a job twice adds it once). */
  enqueue(jobs: readonly TrialJob[], policy: JobPolicy): Promise<void>;
  /** Up to `max` jobs, each now active for this process. */
  fetch(max: number): Promise<FetchedJob[]>;
  /** Completes jobs (one statement for all of them). */
  complete(ids: readonly string[]): Promise<void>;
  /** Tells the processes listening on this queue that jobs of the evaluation were added (PostgreSQL NOTIFY). */
  announce(evalId: string): Promise<void>;
  /**
   * Calls `onJobs` whenever jobs are announced (with the evaluation's id, or undefined after the listening connection
   * was opened again). The connection is the queue's own; `close` ends it.
   */
  listen(onJobs: (evalId: string | undefined) => void): void;
  /** Fails the attempt; the queue retries the job while attempts remain. */
  fail(id: string, error: { code: string; message: string }): Promise<void>;
  /** The jobs of an evaluation that failed for good. */
  failures(evalId: string): Promise<FailedJob[]>;
  /** Gives jobs that failed for good one more attempt. */
  retry(ids: readonly string[]): Promise<void>;
  /** Stops pg-boss and closes its connections (active jobs of this process are failed, then retried). */
  close(): Promise<void>;
}

/**
 * Connects to the queue's PostgreSQL server and starts pg-boss (creating or migrating its schema). A server that does
 * not answer within `connectTimeoutMs` is a located error naming the URL, its password hidden.
 */
export async function openTrialQueue(options: TrialQueueOptions): Promise<TrialQueue> {
  const { default: PgBossClass } = await import("pg-boss");
  const schema = options.schema ?? defaultQueueSchema;
  const connectTimeoutMs = options.connectTimeoutMs ?? urlConnectTimeoutMs(options.url) ?? 10_000;
  const config = {
    connectionString: options.url,
    schema,
    application_name: "reins",
    max: options.maxConnections ?? 10,
    // Reins runs no cron jobs: no timekeeper polling.
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 2,
    // Passed on to node-postgres's pool, which bounds each connection attempt.
    connectionTimeoutMillis: connectTimeoutMs,
  } as PgBoss.ConstructorOptions;
  const boss = new PgBossClass(config);
  let started = false;
  boss.on("error", (error) => {
    if (started) options.onError?.(error);
  });
  try {
    await withTimeout(boss.start(), connectTimeoutMs + 5_000);
    await createQueueOnce(boss);
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw unreachable(options.url, error);
  }
  started = true;
  // Notifications of one schema's queue only: two queues in one database do not wake each other's workers.
  const channel = `${schema}.${trialQueueName}`;
  const signals: JobSignal[] = [];
  return {
    async enqueue(jobs, policy) {
      // In slices: one statement's JSON stays small whatever the eval's size.
      for (let i = 0; i < jobs.length; i += 1000) {
        await boss.insert(
          jobs.slice(i, i + 1000).map((data) => ({
            id: trialJobId(data.evalId, data),
            name: trialQueueName,
            data,
            expireInSeconds: policy.expireInSeconds,
            retryLimit: policy.retryLimit,
            retryDelay: policy.retryDelaySeconds,
          })),
        );
      }
    },
    async fetch(max) {
      const jobs = await boss.fetch<unknown>(trialQueueName, { batchSize: max, includeMetadata: true });
      return jobs.map((job) => ({
        id: job.id,
        data: job.data,
        retryCount: job.retryCount,
        retryLimit: job.retryLimit,
        // node-postgres reads PostgreSQL's numeric as text ("1.000000"): a number here.
        expireInSeconds: Number(job.expireInSeconds),
      }));
    },
    async complete(ids) {
      if (ids.length > 0) await boss.complete(trialQueueName, [...ids]);
    },
    async announce(evalId) {
      await boss.getDb().executeSql("SELECT pg_notify($1, $2)", [channel, evalId]);
    },
    listen(onJobs) {
      signals.push(
        listenForJobs({
          url: options.url,
          channel,
          connectTimeoutMs,
          onSignal: onJobs,
          ...(options.onError ? { onError: options.onError } : {}),
        }),
      );
    },
    async fail(id, error) {
      await boss.fail(trialQueueName, id, { code: error.code, message: error.message });
    },
    async failures(evalId) {
      // pg-boss 10 has no call that filters jobs by their data: its job and archive tables are read directly.
      const sql = (table: string) =>
        `SELECT id, data, output FROM ${schema}.${table} WHERE name = $1 AND state = 'failed' AND data->>'evalId' = $2`;
      const { rows } = await boss
        .getDb()
        .executeSql(`${sql("job")} UNION ALL ${sql("archive")}`, [trialQueueName, evalId]);
      return rows.map((row: { id: string; data: unknown; output: unknown }) => ({
        id: row.id,
        data: row.data,
        ...failureOf(row.output),
      }));
    },
    async retry(ids) {
      if (ids.length > 0) await boss.retry(trialQueueName, [...ids]);
    },
    async close() {
      await Promise.all(signals.splice(0).map((signal) => signal.close()));
      await boss.stop({ graceful: false, wait: true, timeout: 1000 });
    },
  };
}

/** PostgreSQL's code for a transaction it rolled back to break a deadlock. */
const deadlockDetected = "40P01";

/**
 * Creates the trial queue unless it exists. Processes that start together on a new database (a coordinator and its
 * workers) run pg-boss's `create_queue` at once, and PostgreSQL may break the deadlock between them by failing all but
 * one: a process it failed asks again, after a short wait of its own, and finds the queue there.
 */
async function createQueueOnce(boss: PgBoss, attempts = 8): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(trialQueueName);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== deadlockDetected || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt + Math.random() * 50));
    }
  }
}

/** The error of a failed job's output: Reins' own `{ code, message }`, or pg-boss's `{ value: { message } }`. */
function failureOf(output: unknown): { code: string; message: string } {
  const o = output as { code?: unknown; message?: unknown; value?: { message?: unknown } } | null;
  if (typeof o?.message === "string")
    return { code: typeof o.code === "string" ? o.code : "UNKNOWN", message: o.message };
  if (o?.value?.message === "job failed by timeout in active state")
    return {
      code: ErrorCode.RunTimeout,
      message: "its job ran past its time limit on its last attempt (the worker stopped or hung)",
    };
  return { code: "UNKNOWN", message: typeof o?.value?.message === "string" ? o.value.message : "no message" };
}

function unreachable(url: string, error: unknown): UserError {
  const password = safePassword(url);
  let reason = error instanceof Error ? error.message : String(error);
  if (reason === "") reason = (error as { code?: string }).code ?? "no answer";
  if (password) reason = reason.replaceAll(password, "***");
  return new UserError({
    code: ErrorCode.QueueUnreachable,
    message: `cannot use the queue at ${redactUrl(url)}: ${reason}`,
    hint: "check that PostgreSQL runs there and takes connections (host, port, user, password, database)",
    cause: error,
  });
}

function urlConnectTimeoutMs(url: string): number | undefined {
  try {
    const seconds = Number(new URL(url).searchParams.get("connect_timeout") ?? Number.NaN);
    return Number.isInteger(seconds) && seconds > 0 ? seconds * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function safePassword(url: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === "" ? undefined : password;
  } catch {
    return undefined;
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
