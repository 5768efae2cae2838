/**
 * The gate's overhead per tool call: a trivial read tool called directly vs. through `gatedCall` (journal check,
 * every built-in policy rule, audit events in SQLite, action journal, checkpoint), measured side by side in one run.
 *
 *   npm run bench -- gate-overhead [--calls 5000] [--warmup 500] [--block 50] [--calls-per-run 10] [--growth-calls 1000] [--growth-runs 2]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createAuditLog } from "../src/audit/audit-log.js";
import type { ToolContext } from "../src/contract/tool-card.js";
import { checkToolCall } from "../src/policy/check-tool-call.js";
import { openMemoryStore } from "../src/store/memory-store.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import { positiveInt } from "./lib/args.js";
import { attribute, growth } from "./lib/gate-breakdown.js";
import { charter, gatedVariant, getOrder, inputOf } from "./lib/gate-setup.js";
import { measure, type Plan, type Variant } from "./lib/interleave.js";
import { round } from "./lib/machine.js";
import { type Summary, summarizeNs, table } from "./lib/samples.js";

/**
 * The calls without Reins. The baseline for the overhead is "direct": what a careful caller does by hand (validate the
 * input with the card's schema, execute, validate the output). "execute only" skips both validations.
 */
function directVariants(): Variant[] {
  const context: ToolContext = {
    runId: "direct",
    callId: "direct",
    idempotencyKey: "direct",
    signal: new AbortController().signal,
    env: undefined,
  };
  const expectShipped = (result: unknown) => {
    if ((result as { status?: unknown }).status !== "shipped") throw new Error("tool returned no status");
  };
  return [
    {
      label: "execute only (no validation)",
      call: (i) => getOrder.execute(inputOf(i), context),
      expect: expectShipped,
    },
    {
      label: "direct: parse + execute + parse",
      call: async (i) => {
        const input = getOrder.input.parse(inputOf(i));
        return getOrder.output.parse(await getOrder.execute(input, context));
      },
      expect: expectShipped,
    },
    {
      label: "checkToolCall only (no I/O)",
      call: (i) =>
        checkToolCall({
          call: { toolName: getOrder.name, callId: `c${i}`, input: inputOf(i) },
          context: {
            charter,
            tool: getOrder,
            autonomy: charter.autonomy,
            callCount: i,
            callCountByTool: { [getOrder.name]: i },
            facts: [],
            workflow: { paused: false },
            runId: "gate",
          },
        }),
      expect: (verdict) => {
        if ((verdict as { type?: unknown }).type !== "allow")
          throw new Error(`gate said ${JSON.stringify(verdict)}`);
      },
    },
  ];
}

const f1 = (x: number) => round(x).toFixed(1);

/** Prints the side-by-side table, the breakdown and the growth table, then one JSON line. */
export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      calls: { type: "string" },
      warmup: { type: "string" },
      block: { type: "string" },
      "calls-per-run": { type: "string" },
      "growth-calls": { type: "string" },
      "growth-runs": { type: "string" },
    },
  });
  const flag = (name: string, value: string | undefined, fallback: number) =>
    positiveInt({ bench: "gate-overhead", name, value, fallback });
  const plan: Plan = {
    calls: flag("calls", values.calls, 5000),
    warmup: flag("warmup", values.warmup, 500),
    block: flag("block", values.block, 50),
  };
  const callsPerRun = flag("calls-per-run", values["calls-per-run"], 10);
  const growthCalls = flag("growth-calls", values["growth-calls"], 1000);
  const growthRuns = flag("growth-runs", values["growth-runs"], 2);

  const dir = mkdtempSync(join(tmpdir(), "reins-bench-"));
  const fileStore = await openSqliteStore({ path: join(dir, "reins.db"), migrate: true });
  const sqliteMemory = await openSqliteStore({ path: ":memory:", migrate: true });
  const plainMemory = openMemoryStore();
  try {
    const variants = [
      ...directVariants(),
      gatedVariant("gatedCall, SQLite file (WAL)", {
        store: fileStore,
        audit: createAuditLog({ store: fileStore }),
        callsPerRun,
        prefix: "file",
      }),
      gatedVariant("gatedCall, SQLite :memory:", {
        store: sqliteMemory,
        audit: createAuditLog({ store: sqliteMemory }),
        callsPerRun,
        prefix: "sqlite-mem",
      }),
      gatedVariant("gatedCall, in-memory Store (no SQLite)", {
        store: plainMemory,
        audit: createAuditLog({ store: plainMemory }),
        callsPerRun,
        prefix: "mem",
      }),
    ];
    console.log(
      `gate-overhead: ${plan.calls} measured calls per variant after ${plan.warmup} warm-up, interleaved in blocks of ${plan.block}; a new run every ${callsPerRun} gated calls`,
    );
    console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
    const summaries = (await measure(variants, plan)).map(summarizeNs);
    const [, direct, gate, gated, sqliteInMemory, noSqlite] = summaries as [
      Summary,
      Summary,
      Summary,
      Summary,
      Summary,
      Summary,
    ];
    const ratio = (s: Summary, key: "p50" | "p99" | "mean") => `${(s[key] / direct[key]).toFixed(1)}×`;
    console.log(
      table([
        ["variant (µs per call)", "p50", "p99", "mean", "p50 / direct"],
        ...variants.map((v, k) => {
          const s = summaries[k] as Summary;
          return [v.label, f1(s.p50), f1(s.p99), f1(s.mean), ratio(s, "p50")];
        }),
      ]),
    );
    const overheadP50 = gated.p50 - direct.p50;
    const overheadP99 = gated.p99 - direct.p99;
    console.log(
      `\noverhead of the gate (gatedCall − direct): p50 ${f1(overheadP50)} µs, p99 ${f1(overheadP99)} µs; ` +
        `gated/direct: p50 ${ratio(gated, "p50")}, p99 ${ratio(gated, "p99")}, mean ${ratio(gated, "mean")}`,
    );
    console.log(
      `validation + policy alone (checkToolCall): p50 ${f1(gate.p50)} µs = ${((gate.p50 / gated.p50) * 100).toFixed(0)}% of a gated call; ` +
        `p50 on a SQLite file ${f1(gated.p50)} µs, SQLite :memory: ${f1(sqliteInMemory.p50)} µs, no SQLite ${f1(noSqlite.p50)} µs`,
    );

    const where = await attribute({ store: fileStore, calls: plan.calls, callsPerRun });
    const share = (us: number) => `${((us / where.totalUs) * 100).toFixed(0)}%`;
    console.log(`\nwhere a gated call's time goes (SQLite file; mean of ${plan.calls} instrumented calls):`);
    console.log(
      table([
        ["part", "µs per call", "share"],
        ["whole gatedCall (instrumented)", f1(where.totalUs), "100%"],
        [
          "  outside the store (gate, redaction, execution, bookkeeping)",
          f1(where.totalUs - where.storeUs),
          share(where.totalUs - where.storeUs),
        ],
        ["  in store methods", f1(where.storeUs), share(where.storeUs)],
        [
          "    Kysely, JSON, hash chain",
          f1(where.storeUs - where.sqliteUs),
          share(where.storeUs - where.sqliteUs),
        ],
        [
          `    SQLite native calls (${f1(where.statementsPerCall)} statements)`,
          f1(where.sqliteUs),
          share(where.sqliteUs),
        ],
        ["      of which compiling SQL (prepare)", f1(where.prepareUs), share(where.prepareUs)],
        ...where.methods.map((m) => [`  ${m.method} ×${f1(m.callsPerCall)}`, f1(m.us), share(m.us)]),
      ]),
    );

    const grown = await growth({ store: fileStore, calls: growthCalls, runs: growthRuns });
    console.log(
      `\nlong runs (${growthRuns} × ${growthCalls} gated calls, SQLite file): per-call cost as a run's checkpoint grows`,
    );
    console.log(
      table([
        ["call numbers", "p50 µs", "mean µs", "of which runs.update, mean µs"],
        ...grown.buckets.map((b) => [b.calls, f1(b.total.p50), f1(b.total.mean), f1(b.checkpoint.mean)]),
      ]),
    );
    console.log(`checkpoint after call ${growthCalls}: ${(grown.checkpointBytes / 1024).toFixed(0)} KiB\n`);

    console.log(
      JSON.stringify({
        bench: "gate-overhead",
        calls: plan.calls,
        directP50Us: round(direct.p50),
        directP99Us: round(direct.p99),
        gatedP50Us: round(gated.p50),
        gatedP99Us: round(gated.p99),
        overheadP50Us: round(overheadP50),
        overheadP99Us: round(overheadP99),
        checkToolCallP50Us: round(gate.p50),
        checkToolCallP99Us: round(gate.p99),
      }),
    );
  } finally {
    await fileStore.close();
    await sqliteMemory.close();
    await plainMemory.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
