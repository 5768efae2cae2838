// The process the checkpointer's crash test kills. Run with `node --import tsx`:
//   commit-child.ts <dbPath> <runId>
// Commits one audit event at a time to <runId> through `Store.commit` (the gated call's path, which starts the
// checkpointer) and prints each event's number once its commit has returned, until it is killed.
import { openSqliteStore } from "../sqlite-store.js";

const [path, runId] = process.argv.slice(2);
if (path === undefined || runId === undefined) throw new Error("usage: commit-child.ts <dbPath> <runId>");
const store = await openSqliteStore({ path, migrate: true });
const pad = "x".repeat(2000);
for (let i = 1; ; i++) {
  await store.commit({ runId, events: [{ runId, type: "test.committed", data: { i, pad } }] });
  process.stdout.write(`${i}\n`);
  // A commit settles in microtasks: without a turn of the event loop the line would wait unwritten behind the next.
  await new Promise((resolve) => setImmediate(resolve));
}
