// @ts-check
/**
 * The SQLite store's checkpointer thread (see checkpointer.ts): its own connection to the store's file, which copies
 * the WAL into the database every few milliseconds while the store writes, so that no gated call waits for that copy
 * and its fsyncs. Plain JavaScript: the same file runs from the sources (tsx, vitest) and from dist/.
 */
import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";

/**
 * @param {{ path: string, busyMs: number, idleMs: number, quietTicks: number }} options
 *   `busyMs` between checkpoints while the WAL grows; after `quietTicks` checkpoints that found it unchanged the
 *   worker says "idle" and checks every `idleMs` only, until the store says "wake".
 */
function run({ path, busyMs, idleMs, quietTicks }) {
  const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
  /** @param {unknown} error */
  const failed = (error) =>
    port.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  /** @type {BetterSqlite3.Database} */
  let database;
  /** @type {BetterSqlite3.Statement} */
  let checkpoint;
  try {
    database = new BetterSqlite3(path, { fileMustExist: true });
    // The checkpoint's fsyncs (the WAL before the copy, the database after it) are what make it safe: never OFF.
    database.pragma("synchronous = NORMAL");
    // Passive: it takes no lock a writer waits for, and leaves no read transaction open that would keep the WAL
    // from restarting. This connection never writes.
    checkpoint = database.prepare("pragma wal_checkpoint(passive)");
  } catch (error) {
    failed(error);
    port.close();
    return;
  }
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let seen = "";
  let quiet = 0;
  const tick = () => {
    let state;
    try {
      const row = /** @type {{ log: number, checkpointed: number }} */ (checkpoint.get());
      state = `${row.log}/${row.checkpointed}`;
    } catch (error) {
      failed(error);
      stop();
      return;
    }
    quiet = state === seen ? quiet + 1 : 0;
    seen = state;
    if (quiet === quietTicks) port.postMessage("idle");
    timer = setTimeout(tick, quiet >= quietTicks ? idleMs : busyMs);
  };
  const stop = () => {
    clearTimeout(timer);
    database.close();
    port.close();
  };
  port.on("message", (message) => {
    if (message === "wake") {
      clearTimeout(timer);
      quiet = 0;
      timer = setTimeout(tick, busyMs);
    } else if (message === "stop") stop();
  });
  timer = setTimeout(tick, busyMs);
}

run(workerData);
