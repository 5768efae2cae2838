import { ErrorCode } from "../errors/codes.js";
import { ReinsError, SystemError } from "../errors/reins-error.js";
import { type CompletionBatch, completionBatch } from "./completion-batch.js";
import { type TrialJob, trialJobSchema } from "./trial-job.js";
import type { FetchedJob, TrialQueue } from "./trial-queue.js";

/** What a worker tells its shell, one event at a time. */
export type WorkerEvent =
  | { type: "done"; job: TrialJob; passed: boolean; attempt: number }
  | {
      type: "failed";
      job: TrialJob | undefined;
      jobId: string;
      code: string;
      message: string;
      final: boolean;
    }
  | { type: "queue-error"; message: string };

export interface WorkerLoopOptions {
  queue: TrialQueue;
  /** Trials in flight at once. */
  concurrency: number;
  /**
   * Runs one trial and stores its result; resolves with whether it passed. Throws to fail the attempt (the queue
   * retries it). The signal aborts when the job's time limit passes.
   */
  runJob(job: TrialJob, signal: AbortSignal): Promise<{ passed: boolean }>;
  /** Stops fetching when aborted; the trials in flight finish (each within its time limit), then the loop returns. */
  signal: AbortSignal;
  /** How long to wait before asking an empty queue again, in ms (default 500). */
  pollIntervalMs?: number;
  onEvent?(event: WorkerEvent): void;
}

/**
 * Takes trial jobs off the queue, `concurrency` at a time, until stopped. Each job runs within its time limit (the
 * queue's expiry for it); a job that ends is completed, one that throws or runs past its limit is failed so the
 * queue retries it. A slot is taken again as soon as its trial's result is stored: the completions go to the queue
 * in batches meanwhile. An empty queue is asked again when jobs are announced, or after the poll interval; so is one
 * that cannot be reached (a server restart).
 */
export async function runWorkerLoop(options: WorkerLoopOptions): Promise<void> {
  const { queue, signal } = options;
  const poll = options.pollIntervalMs ?? 500;
  const inFlight = new Set<Promise<void>>();
  // Completions and failures on their way to the queue, after their slot was freed.
  const settling = new Set<Promise<void>>();
  const completions = completionBatch((ids) => queue.complete(ids));
  let wake: (() => void) | undefined;
  // Set when jobs were announced while the loop was not waiting: the next wait does not start.
  let announced = false;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      // Stopped while fetching, or jobs announced meanwhile: no wait (an aborted signal fires no more events).
      if (signal.aborted || announced) {
        announced = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        wake = undefined;
        resolve();
      }
      wake = done;
      signal.addEventListener("abort", done, { once: true });
    });
  queue.listen(() => {
    if (wake) wake();
    else announced = true;
  });
  const settle = (work: Promise<void>) => {
    settling.add(work);
    void work.finally(() => settling.delete(work));
  };
  while (!signal.aborted) {
    const free = options.concurrency - inFlight.size;
    if (free <= 0) {
      await nap(poll);
      continue;
    }
    let jobs: FetchedJob[] = [];
    try {
      jobs = await queue.fetch(free);
    } catch (error) {
      options.onEvent?.({ type: "queue-error", message: messageOf(error) });
    }
    for (const job of jobs) {
      const running = run(job, options).then((outcome) => settle(report(job, outcome, options, completions)));
      const slot = running.finally(() => {
        inFlight.delete(slot);
        wake?.();
      });
      inFlight.add(slot);
    }
    if (jobs.length === 0) await nap(poll);
  }
  await Promise.all(inFlight);
  while (settling.size > 0) await Promise.all(settling);
}

type Outcome =
  | { type: "done"; job: TrialJob; passed: boolean }
  | { type: "failed"; job: TrialJob | undefined; code: string; message: string };

/** Runs the job's trial within its time limit; never throws. */
async function run(fetched: FetchedJob, options: WorkerLoopOptions): Promise<Outcome> {
  const parsed = trialJobSchema.safeParse(fetched.data);
  const job = parsed.success ? parsed.data : undefined;
  const limitMs = fetched.expireInSeconds * 1000;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    if (!job) {
      throw new SystemError({
        code: ErrorCode.Usage,
        message: `the job's data is not a Reins trial job: ${parsed.error?.issues[0]?.message ?? "unreadable"}`,
      });
    }
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new SystemError({
          code: ErrorCode.RunTimeout,
          message: `the trial did not end within its job's time limit (${fetched.expireInSeconds} s)`,
        });
        controller.abort(error);
        reject(error);
      }, limitMs);
    });
    const { passed } = await Promise.race([options.runJob(job, controller.signal), late]);
    return { type: "done", job, passed };
  } catch (error) {
    const code = ReinsError.isInstance(error) ? error.code : ErrorCode.AgentError;
    return { type: "failed", job, code, message: messageOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Tells the queue how the job went (a completion joins the next batch), then the shell. */
async function report(
  fetched: FetchedJob,
  outcome: Outcome,
  options: WorkerLoopOptions,
  completions: CompletionBatch,
): Promise<void> {
  if (outcome.type === "done") {
    const error = await completions.add(fetched.id);
    // The result is stored: the job, left active, expires and its retry finds the result there (a no-op).
    if (error) options.onEvent?.({ type: "queue-error", message: error.message });
    options.onEvent?.({ ...outcome, attempt: fetched.retryCount + 1 });
    return;
  }
  try {
    await options.queue.fail(fetched.id, { code: outcome.code, message: outcome.message });
  } catch (failError) {
    options.onEvent?.({ type: "queue-error", message: messageOf(failError) });
  }
  options.onEvent?.({
    ...outcome,
    jobId: fetched.id,
    final: fetched.retryCount >= fetched.retryLimit,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
