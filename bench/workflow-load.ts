/**
 * What the compile cache across processes saves: `loadSuite` of the throughput suite (tools.ts, agent.ts, suite.ts:
 * what `reins eval` loads before it evaluates) in fresh processes, from the built package (`npm run build` first),
 * with the cache empty (a fresh temp folder each run: esbuild starts and compiles) and kept (one temp folder whose
 * cache a first run filled). Runs interleave, alternating which variant goes first.
 *
 *   npm run bench -- workflow-load [--runs 10]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { positiveInt } from "./lib/args.js";
import { machineLine, median, round } from "./lib/machine.js";
import { table } from "./lib/samples.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const dist = pathToFileURL(join(benchDir, "..", "dist", "index.js")).href;
const suiteDir = join(benchDir, "fixtures", "throughput-suite");

/** One fresh process: how long `loadSuite` took in it, and the process from spawn to exit. */
interface Sample {
  loadMs: number;
  wallMs: number;
}

const script = `
const { loadSuite } = await import(${JSON.stringify(dist)});
const started = performance.now();
const suite = await loadSuite(${JSON.stringify(suiteDir)});
console.log(JSON.stringify({ loadMs: performance.now() - started, cases: suite.cases.length }));
`;

function loadInFreshProcess(tmp: string): Sample {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, TMPDIR: tmp },
    encoding: "utf8",
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`loadSuite failed:\n${result.stderr}`);
  const { loadMs, cases } = JSON.parse(result.stdout) as { loadMs: number; cases: number };
  if (cases === 0) throw new Error("the suite loaded no cases");
  return { loadMs, wallMs };
}

export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { runs: { type: "string" } } });
  const runs = positiveInt({ bench: "workflow-load", name: "runs", value: values.runs, fallback: 10 });
  console.log(
    `workflow-load: loadSuite(bench/fixtures/throughput-suite) in a fresh process, compile cache empty vs kept; ${runs} interleaved runs of each after one warm-up`,
  );
  console.log(machineLine());
  const kept = mkdtempSync(join(tmpdir(), "reins-bench-load-kept-"));
  const samples: Record<"empty" | "kept", Sample[]> = { empty: [], kept: [] };
  try {
    loadInFreshProcess(kept);
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? (["empty", "kept"] as const) : (["kept", "empty"] as const);
      for (const variant of order) {
        if (variant === "kept") {
          samples.kept.push(loadInFreshProcess(kept));
          continue;
        }
        const empty = mkdtempSync(join(tmpdir(), "reins-bench-load-empty-"));
        try {
          samples.empty.push(loadInFreshProcess(empty));
        } finally {
          rmSync(empty, { recursive: true, force: true });
        }
      }
    }
  } finally {
    rmSync(kept, { recursive: true, force: true });
  }
  const summary = (list: Sample[]) => ({
    loadMs: round(median(list.map((s) => s.loadMs))),
    wallMs: round(median(list.map((s) => s.wallMs))),
    loadMinMs: round(Math.min(...list.map((s) => s.loadMs))),
    loadMaxMs: round(Math.max(...list.map((s) => s.loadMs))),
  });
  const empty = summary(samples.empty);
  const cached = summary(samples.kept);
  console.log(
    table([
      ["compile cache", "loadSuite ms (median)", "range", "process ms (median)"],
      ["empty", `${empty.loadMs}`, `${empty.loadMinMs}–${empty.loadMaxMs}`, `${empty.wallMs}`],
      ["kept", `${cached.loadMs}`, `${cached.loadMinMs}–${cached.loadMaxMs}`, `${cached.wallMs}`],
    ]),
  );
  console.log(
    `the cache saves ${round(empty.loadMs - cached.loadMs)} ms of loadSuite, ${round(empty.wallMs - cached.wallMs)} ms of the process`,
  );
  console.log(JSON.stringify({ bench: "workflow-load", runs, empty, cached }));
}
