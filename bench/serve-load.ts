/**
 * `npm run bench -- serve-load [--runs 10000] [--evals 100] [--reviewers 50] [--seconds 60]`: the dashboard under
 * load. A SQLite store of `--runs` runs and `--evals` evals (written straight through the store API), `reins serve`'s
 * app on 127.0.0.1, `--reviewers` concurrent reviewers for `--seconds` hitting the queue, run, eval and weekly pages
 * and APIs and recording reviews, while `reins eval` (another process, the built CLI) writes evals to the same store.
 * Prints p50/p99 per route and the reviews recorded against those sent (each carries a unique note: none may be lost
 * or recorded twice), then one JSON line.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createAuditLog } from "../src/audit/audit-log.js";
import { loadWorkflowAt } from "../src/cli/commands/run.js";
import { servedWorkflows } from "../src/cli/commands/serve-workflows.js";
import { createServerApp } from "../src/server/app.js";
import { createCredentials, sha256Hex } from "../src/server/auth/credentials.js";
import { startServer } from "../src/server/start-server.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import { positiveInt } from "./lib/args.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const workflowDir = join(root, "examples/lead-routing");

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      runs: { type: "string" },
      evals: { type: "string" },
      reviewers: { type: "string" },
      seconds: { type: "string" },
    },
  });
  const n = (name: keyof typeof values, fallback: number) =>
    positiveInt({ bench: "serve-load", name, value: values[name], fallback });
  const runCount = n("runs", 10_000);
  const evalCount = n("evals", 100);
  const reviewers = n("reviewers", 50);
  const seconds = n("seconds", 60);

  const dir = mkdtempSync(join(tmpdir(), "reins-serve-load-"));
  const path = join(dir, "reins.db");
  const store = await openSqliteStore({ path, migrate: true });

  // The store, written straight through the store API.
  const built = performance.now();
  const workflow = await loadWorkflowAt(workflowDir);
  const charter = workflow.charter;
  for (let i = 0; i < runCount; i++) {
    const escalated = i % 3 === 0;
    await store.runs.create({
      id: `run-${String(i).padStart(6, "0")}`,
      charter: charter.name,
      charterVersion: charter.version,
      status: "completed",
      autonomy: "supervised",
      agent: "function:bench",
      input: { email: `lead${i}@example.com`, company: { name: `Company ${i}`, size: i % 500 } },
      outcome: escalated
        ? { type: "escalation", reason: "company size unknown", evidence: { lookup: null } }
        : { type: "decision", decision: { decision: "nurture", confidence: 0.9 }, draft: false },
      checkpoint: null,
    });
  }
  const fixture = JSON.parse(readFileSync(join(root, "test/fixtures/reports/after.json"), "utf8")) as {
    results: { caseId: string; trial: number; passed: boolean }[];
  } & Record<string, unknown>;
  const start = Date.now() - evalCount * 60_000;
  for (let i = 0; i < evalCount; i++) {
    const startedAt = new Date(start + i * 60_000).toISOString();
    await store.evals.save({
      id: `eval-${String(i).padStart(4, "0")}`,
      suite: "lead-routing",
      agent: "model:bench",
      startedAt,
      passed: false,
      report: { ...fixture, startedAt, results: [] },
      results: fixture.results.map((r) => ({ caseId: r.caseId, trial: r.trial, passed: r.passed, data: r })),
    });
  }
  const buildMs = performance.now() - built;

  const tokens = Array.from({ length: reviewers }, (_, i) => `bench-reviewer-token-${i}-0123456789abcdef`);
  const app = createServerApp({
    context: {
      store,
      audit: createAuditLog({ store }),
      version: "bench",
      operator: "bench",
      now: () => new Date(),
      workflows: servedWorkflows(store, [
        { ...workflow, charterFile: join(dir, "no-suite", "charter.yaml") },
      ]),
      shadowReports: [],
    },
    credentials: createCredentials(
      tokens.map((token, i) => ({
        user: { name: `reviewer-${i}`, role: "reviewer" },
        tokenSha256: sha256Hex(token),
      })),
    ),
  });
  const server = await startServer({ app, host: "127.0.0.1", port: 0 });

  // `reins eval` in another process, on the same store, again and again until the load ends.
  let evalsWritten = 0;
  let stopping = false;
  const evalLoop = (async () => {
    while (!stopping) {
      const code = await new Promise<number | null>((done) => {
        const child = spawn(
          process.execPath,
          [
            join(root, "bin/reins.js"),
            "eval",
            workflowDir,
            "--store",
            path,
            "--out",
            join(dir, "r.json"),
            "--html",
            join(dir, "r.html"),
          ],
          { cwd: dir, stdio: "ignore" },
        );
        child.on("exit", done);
      });
      if (code === 0 || code === 1) evalsWritten++;
      else break;
    }
  })();

  const latencies = new Map<string, number[]>();
  const errors = new Map<string, number>();
  const sent = new Set<string>();
  const accepted = new Set<string>();
  const refused: string[] = [];
  const timed = async (route: string, token: string, url: string, init: RequestInit = {}) => {
    const t0 = performance.now();
    let response: Response;
    let body: string;
    try {
      response = await fetch(`${server.origin}${url}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
      });
      body = await response.text();
    } catch (error) {
      // A connection the server dropped: counted, never retried (a retried review could be recorded twice).
      const key = `${route} ${(error as { cause?: { code?: string } }).cause?.code ?? "network error"}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
      return { status: 0, body: "{}" };
    }
    const list = latencies.get(route) ?? [];
    list.push(performance.now() - t0);
    latencies.set(route, list);
    if (response.status >= 400 && !(route === "POST /api/review/:run" && response.status === 400))
      errors.set(`${route} ${response.status}`, (errors.get(`${route} ${response.status}`) ?? 0) + 1);
    return { status: response.status, body };
  };
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    tokens.map(async (token, who) => {
      for (let i = 0; performance.now() < until; i++) {
        const queue = await timed("GET /api/review", token, "/api/review?limit=20");
        const items = (JSON.parse(queue.body) as { items?: { runId: string }[] }).items ?? [];
        const item = items[(who + i) % Math.max(1, items.length)];
        if (item !== undefined) {
          await timed("GET /review/:run", token, `/review/${encodeURIComponent(item.runId)}`);
          const note = `bench-${who}-${i}`;
          sent.add(note);
          const posted = await timed(
            "POST /api/review/:run",
            token,
            `/api/review/${encodeURIComponent(item.runId)}`,
            {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(
                i % 4 === 0
                  ? { outcome: "edited", errorType: "wrong_tool", correction: { decision: "nurture" }, note }
                  : { outcome: "approved", note },
              ),
            },
          );
          if (posted.status === 201) accepted.add(note);
          else refused.push(`${posted.status} ${posted.body.slice(0, 120)}`);
        }
        if (i % 2 === 0) await timed("GET /api/evals", token, "/api/evals?limit=20");
        if (i % 4 === 0)
          await timed(
            "GET /evals/:id",
            token,
            `/evals/eval-${String((who * 7 + i) % evalCount).padStart(4, "0")}`,
          );
        if (i % 8 === 0) await timed("GET /evals/suites/:suite", token, "/evals/suites/lead-routing");
        if (i % 25 === 0) await timed("GET /weekly", token, "/weekly");
      }
    }),
  );
  stopping = true;
  await evalLoop;
  await server.close();

  // Every review sent: recorded exactly once if it was accepted, never if it was not.
  const notes = new Map<string, number>();
  for (const review of await store.reviews.list()) {
    if (review.note === null) continue;
    notes.set(review.note, (notes.get(review.note) ?? 0) + 1);
  }
  const duplicated = [...notes.values()].filter((count) => count > 1).length;
  const lost = [...accepted].filter((note) => !notes.has(note)).length;
  const recordedUnaccepted = [...notes.keys()].filter((note) => !accepted.has(note)).length;
  const evalsInStore = (await store.evals.list({ limit: 100_000 })).length;
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const routes = [...latencies].map(([route, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { route, requests: list.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
  });
  console.log(
    `serve-load: ${runCount} runs and ${evalCount} evals written in ${(buildMs / 1000).toFixed(1)} s; ${reviewers} reviewers for ${seconds} s on 127.0.0.1; reins eval wrote ${evalsWritten} more evals meanwhile (${evalsInStore} in the store)`,
  );
  for (const r of routes)
    console.log(
      `  ${r.route.padEnd(26)} ${String(r.requests).padStart(6)} requests  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms`,
    );
  console.log(
    `  reviews: ${sent.size} sent, ${accepted.size} accepted (201), ${notes.size} recorded; lost ${lost}, duplicated ${duplicated}, recorded without a 201 ${recordedUnaccepted}; refused ${refused.length}${refused.length > 0 ? ` (first: ${refused[0]})` : ""}`,
  );
  if (errors.size > 0) console.log(`  errors: ${JSON.stringify(Object.fromEntries(errors))}`);
  console.log(
    JSON.stringify({
      bench: "serve-load",
      runs: runCount,
      evals: evalCount,
      reviewers,
      seconds,
      buildMs: Math.round(buildMs),
      evalsWrittenDuringLoad: evalsWritten,
      routes: routes.map((r) => ({
        ...r,
        p50: Math.round(r.p50 * 10) / 10,
        p99: Math.round(r.p99 * 10) / 10,
      })),
      reviews: {
        sent: sent.size,
        accepted: accepted.size,
        recorded: notes.size,
        lost,
        duplicated,
        recordedUnaccepted,
      },
      errors: Object.fromEntries(errors),
    }),
  );
}
