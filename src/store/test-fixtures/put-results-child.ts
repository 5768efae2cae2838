// A second (and third) process for the concurrency test of evaluations written as they run. Run with
// `node --import tsx`:  put-results-child.ts <dbPath> <evalId> <worker> <cases>
// Opens the store, prints "ready", waits for "go" on stdin, writes one result for each of <cases> cases in batches
// of 25 (worker "b" in reverse order, so that the two overlap everywhere), then prints "done <new results>".
import { createInterface } from "node:readline";
import { openSqliteStore } from "../sqlite-store.js";

const [path, evalId, worker, cases] = process.argv.slice(2);
if (path === undefined || evalId === undefined || worker === undefined || cases === undefined) {
  throw new Error("usage: put-results-child.ts <dbPath> <evalId> <worker> <cases>");
}
const store = await openSqliteStore({ path, migrate: true });
const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
for await (const line of lines) {
  if (line === "go") break;
}
const ids = Array.from({ length: Number(cases) }, (_, i) => i);
if (worker === "b") ids.reverse();
/** Several transactions per writer, so that the two writers' transactions interleave. */
const batchSize = 25;
/** Writes the results batch by batch and answers how many were new. */
async function writeAll(): Promise<number> {
  let added = 0;
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize).map((i) => ({
      caseId: `case-${i}`,
      trial: 1,
      passed: true,
      data: { worker, i },
    }));
    added += await store.evals.putResults(evalId as string, batch);
  }
  return added;
}
const added = await writeAll();
await store.close();
lines.close();
process.stdout.write(`done ${added}\n`);
