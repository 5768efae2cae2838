import { resolve } from "node:path";
import type { Command } from "commander";
import { loadSuite } from "../../eval/load-suite.js";
import { selectCases } from "../../eval/select-cases.js";
import { redactUrl } from "../../queue/queue-url.js";
import { queuedTrialRunner } from "../../queue/queued-trial.js";
import { trialName } from "../../queue/trial-job.js";
import { openTrialQueue } from "../../queue/trial-queue.js";
import { runWorkerLoop } from "../../queue/worker-loop.js";
import { storePath, withStore } from "../cli-store.js";
import { evalAgent } from "../eval-agent.js";
import type { Io } from "../io.js";
import { positiveInt } from "../positive-int.js";
import { queueUrl } from "../queue-flags.js";

interface WorkerFlags {
  queue?: string;
  store?: string;
  concurrency: string;
}

export function registerWorker(program: Command, io: Io): void {
  program
    .command("worker")
    .description(
      "run the trials of queued evaluations (reins eval --queue) until stopped; SIGTERM or Ctrl-C finishes the trials in flight",
    )
    .option("--queue <url>", "the queue: postgres://user:password@host:port/database (or REINS_QUEUE)")
    .option(
      "--store <path>",
      "the store results are written to, the one the eval was started with (default .reins/reins.db, or REINS_STORE)",
    )
    .option("--concurrency <n>", "trials in flight at once", "4")
    .action(async (flags: WorkerFlags) => {
      const url = queueUrl(flags.queue);
      const concurrency = positiveInt(flags.concurrency, "--concurrency", 1000);
      await withStore(flags, async ({ store }) => {
        const queue = await openTrialQueue({
          url,
          maxConnections: Math.min(concurrency + 2, 20),
          onError: (error) => io.err(`queue: ${error.message} (reconnecting)`),
        });
        const stop = new AbortController();
        let signals = 0;
        const onSignal = (name: string) => {
          signals++;
          if (signals === 1) {
            io.err(`${name}: finishing the trials in flight, then stopping (again to stop at once)`);
            stop.abort();
          } else {
            // The trials in flight are returned to the queue once their time limit passes, and run again.
            process.exit(130);
          }
        };
        const onTerm = () => onSignal("SIGTERM");
        const onInt = () => onSignal("SIGINT");
        process.on("SIGTERM", onTerm);
        process.on("SIGINT", onInt);
        let ran = 0;
        let passed = 0;
        let failed = 0;
        let reported = 0;
        const summary = () => `${ran} trials run (${passed} passed), ${failed} attempts failed`;
        const ticker = setInterval(() => {
          if (ran + failed !== reported) {
            reported = ran + failed;
            io.out(`worker: ${summary()}`);
          }
        }, 5000);
        const runJob = queuedTrialRunner({
          readPlan: async (evalId) => (await store.evals.info(evalId))?.plan ?? undefined,
          loadSuite: async (plan) =>
            selectCases(
              await loadSuite(resolve(plan.suitePath), { options: plan.suiteOptions }),
              plan.selection,
            ),
          agentFor: (plan, suite) => evalAgent({ suite, model: plan.model, cache: plan.cache, store }),
          putResults: (evalId, results) => store.evals.putResults(evalId, results),
        });
        io.out(
          `worker: taking trials from ${redactUrl(url)}, ${concurrency} at a time; results to ${storePath(flags)}`,
        );
        try {
          await runWorkerLoop({
            queue,
            concurrency,
            signal: stop.signal,
            runJob,
            onEvent: (event) => {
              if (event.type === "done") {
                ran++;
                if (event.passed) passed++;
              } else if (event.type === "failed") {
                failed++;
                const what = event.job ? `${event.job.evalId} ${trialName(event.job)}` : `job ${event.jobId}`;
                io.err(
                  `worker: ${what} not run: ${event.message} [${event.code}]${event.final ? " (its last attempt)" : " (it will be retried)"}`,
                );
              } else {
                io.err(`worker: queue: ${event.message} (asking again)`);
              }
            },
          });
        } finally {
          clearInterval(ticker);
          process.off("SIGTERM", onTerm);
          process.off("SIGINT", onInt);
          await queue.close();
        }
        io.out(`worker: stopped; ${summary()}`);
      });
    });
}
