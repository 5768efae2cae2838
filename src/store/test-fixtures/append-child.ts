// A second (and third) process for the concurrency test of the SQLite store. Run with `node --import tsx`:
//   append-child.ts <dbPath> <runId> <worker> <count>
// Opens the store (migrating, like every CLI process does), prints "ready", waits for "go" on stdin, appends
// <count> events to <runId> as fast as it can, then prints "done".
import { createInterface } from "node:readline";
import { openSqliteStore } from "../sqlite-store.js";

const [path, runId, worker, count] = process.argv.slice(2);
if (path === undefined || runId === undefined || worker === undefined || count === undefined) {
  throw new Error("usage: append-child.ts <dbPath> <runId> <worker> <count>");
}
const store = await openSqliteStore({ path, migrate: true });
const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
for await (const line of lines) {
  if (line === "go") break;
}
for (let i = 1; i <= Number(count); i++) {
  await store.audit.append({ runId, type: "test.appended", data: { worker, i } });
}
await store.close();
lines.close();
process.stdout.write("done\n");
