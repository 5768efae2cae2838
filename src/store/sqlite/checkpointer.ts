import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";

/** Commits of the store's connection before the worker starts: a command that writes a few times never starts one. */
const startAfterCommits = 32;
/**
 * The worker's pace (see checkpoint-worker.js): a checkpoint every `busyMs` while the WAL grows, every `idleMs` once
 * `quietTicks` in a row found nothing new, and busy again at the store's next commit. Polling an idle file often
 * would cost a long-lived process CPU for nothing; the idle check still catches writes that are not commits.
 */
const defaultPace: CheckpointerPace = { busyMs: 10, idleMs: 1000, quietTicks: 10 };
/**
 * The WAL size (in pages) at which the store's own connection still checkpoints inline once the worker runs: far
 * above what the worker lets the WAL reach, so that a dead or slow worker can never let it grow without bound.
 */
const backstopPages = 10_000;
/** SQLite's default, kept until the worker starts and restored if it fails: the store then checkpoints inline. */
const inlinePages = 1000;

export interface Checkpointer {
  /** Counts a commit of the store's connection: the worker starts at the first few dozen, and is woken if idle. */
  committed(): void;
  /** Stops the worker and waits until it has closed its connection. */
  close(): Promise<void>;
}

export interface CheckpointerPace {
  busyMs: number;
  idleMs: number;
  quietTicks: number;
}

export interface CheckpointerOptions {
  /** The store's connection (file-backed, writable, WAL): its automatic checkpoint becomes the backstop. */
  database: BetterSqlite3.Database;
  /** The database file the worker opens its own connection to. */
  path: string;
  /** Told once if the worker fails; the store's connection then checkpoints inline again. */
  warn: (message: string) => void;
  /** The worker's pace (the store uses the default; a test slows the idle check to see a wake-up). */
  pace?: CheckpointerPace;
}

/**
 * WAL checkpoints off the call path. The commit that takes the WAL past SQLite's automatic checkpoint copies the WAL
 * into the database and fsyncs, inline: the gated call that made it waited for that. A worker thread with its own
 * connection makes those copies instead; it never keeps the process alive.
 */
export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { database, path, warn, pace = defaultPace } = options;
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  let commits = 0;
  let idle = false;
  const fail = (reason: string) => {
    if (stopping) return;
    stopping = true;
    try {
      if (database.open) database.pragma(`wal_autocheckpoint = ${inlinePages}`);
    } catch {}
    warn(`the SQLite store's checkpointer stopped (${reason}); the store checkpoints inline from now on`);
  };
  const start = (): Worker | undefined => {
    database.pragma(`wal_autocheckpoint = ${backstopPages}`);
    let started: Worker;
    try {
      // No execArgv of the parent's (a TypeScript loader, say): the worker is plain JavaScript.
      started = new Worker(workerFile(), { workerData: { path, ...pace }, execArgv: [] });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    started.unref();
    started.on("message", (message: "idle" | { failed: string }) => {
      if (message === "idle") idle = true;
      else fail(message.failed);
    });
    // A worker's uncaught error reaches this thread as a copy, which may have lost its class.
    started.on("error", (error: unknown) => fail(String((error as { message?: unknown })?.message ?? error)));
    exited = new Promise((resolve) =>
      started.once("exit", (code) => {
        fail(`its thread exited with code ${code}`);
        resolve();
      }),
    );
    return started;
  };
  return {
    committed() {
      if (stopping) return;
      if (worker === undefined) {
        if (++commits >= startAfterCommits) worker = start();
      } else if (idle) {
        idle = false;
        worker.postMessage("wake");
      }
    },
    async close() {
      stopping = true;
      // Referenced again while it stops: an awaited close() must not find the event loop empty and end the process.
      worker?.ref();
      worker?.postMessage("stop");
      await exited;
    },
  };
}

/** From the sources (tsx, vitest) the worker is the file beside this one; in dist/ tsup emits it beside the chunks. */
function workerFile(): URL {
  return new URL(
    import.meta.url.endsWith(".ts") ? "./checkpoint-worker.js" : "./sqlite-checkpoint-worker.js",
    import.meta.url,
  );
}
