// Issue 16, item 4: an evaluation killed midway keeps what it finished, and `reins eval <suite> --resume <evalId>`
// completes it, running only the missing trials, into the report an uninterrupted run gives. Before: results were
// saved once, at the end, so a killed eval lost every result, and there was no --resume.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import type { EvalReport } from "../../../src/eval/report.js";
import { type Sandbox, sandbox, until } from "../cli-harness.js";

// Built CLI (`npx tsup`).
const suite = "test/fixtures/resume-suite";
const cases = readFileSync(join(suite, "cases.jsonl"), "utf8");
/** 120 base cases, 120 derived by missing-field, 3 trials each. */
const total = 720;
const flags = ["--trials", "3", "--perturb", "missing-field", "--concurrency", "2"];

/** What differs between two runs of one evaluation whatever happens: times, and run ids (they hold the eval id). */
function comparable(report: EvalReport) {
  const { durationMs: _d, startedAt: _s, results, ...rest } = report;
  return {
    ...rest,
    results: results
      .map(({ durationMs: _t, runId: _r, ...result }) => result)
      .sort((a, b) => `${a.caseId} ${a.trial}`.localeCompare(`${b.caseId} ${b.trial}`)),
  };
}

function evalRows(store: string): { id: string; status: string; result_count: number }[] {
  const db = new BetterSqlite3(store, { readonly: true });
  try {
    return db.prepare("select id, status, result_count from evals").all() as never;
  } finally {
    db.close();
  }
}

/** Stderr with its progress lines left out: what else an evaluation said there. */
function besidesProgress(stderr: string): string {
  return stderr.replace(/^eval resume-triage: \d+\/720 trials · \d+ failed\n/gm, "");
}

/** Results the store holds of base cases: only those run the agent (a case missing a field is asked for it first). */
function baseResults(store: string): number {
  const db = new BetterSqlite3(store, { readonly: true });
  try {
    return (
      db.prepare("select count(*) as n from eval_results where perturbation = 'none'").get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

function logLines(file: string): number {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0;
}

describe("reins eval --resume (issue 16)", () => {
  let s: Sandbox;
  let whole: { code: number | null; report: EvalReport };
  let killed: { evalId: string; kept: number; keptBase: number; stderr: string };
  const killedStore = () => join(s.dir, "killed.db");
  const log = () => join(s.dir, "trials.log");

  beforeAll(async () => {
    s = sandbox();
    s.env.REINS_RESUME_CASES = join(s.dir, "cases.jsonl");
    writeFileSync(s.env.REINS_RESUME_CASES, cases);

    const out = join(s.dir, "whole.json");
    const run = s.reins("eval", suite, ...flags, "--store", join(s.dir, "whole.db"), "--out", out);
    expect(besidesProgress(run.stderr)).toBe("");
    whole = { code: run.code, report: JSON.parse(readFileSync(out, "utf8")) };

    // The same evaluation, slowed down and killed with SIGKILL once its progress line shows some trials done.
    s.env.REINS_RESUME_DELAY_MS = "25";
    s.env.REINS_RESUME_TRIALS_LOG = log();
    const child = s.spawnReins(
      "eval",
      suite,
      ...flags,
      "--store",
      killedStore(),
      "--out",
      join(s.dir, "k.json"),
    );
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise((resolve) => child.on("close", resolve));
    await until(() => /: [1-9]\d*\/720 trials/.test(stderr), 60_000, "a progress line");
    child.kill("SIGKILL");
    expect(await exited).toBe(null);
    const [row] = evalRows(killedStore());
    killed = {
      evalId: row?.id ?? "",
      kept: row?.result_count ?? 0,
      keptBase: baseResults(killedStore()),
      stderr,
    };
    s.env.REINS_RESUME_DELAY_MS = "0";
  }, 120_000);

  it("prints progress as plain lines off a terminal, and a killed eval keeps the results it finished", () => {
    expect(whole.code).toBe(1);
    expect(whole.report.results).toHaveLength(total);
    expect(killed.stderr).toMatch(/^eval resume-triage: \d+\/720 trials · \d+ failed$/m);
    expect(evalRows(killedStore())).toEqual([
      { id: killed.evalId, status: "running", result_count: killed.kept },
    ]);
    expect(killed.kept).toBeGreaterThan(0);
    expect(killed.kept).toBeLessThan(total);
    expect(existsSync(join(s.dir, "k.json"))).toBe(false);
  });

  it("refuses to resume against changed cases, naming what changed (exit 2), and changes nothing", () => {
    const changed = join(s.dir, "changed.jsonl");
    writeFileSync(changed, cases.replace('"O-3"', '"O-3b"'));
    s.env.REINS_RESUME_CASES = changed;
    const refused = s.reins("eval", suite, "--store", killedStore(), "--resume", killed.evalId);
    s.env.REINS_RESUME_CASES = join(s.dir, "cases.jsonl");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `cannot resume evaluation ${killed.evalId}: the workflow changed since it began: dataset differs from its plan`,
    );
    expect(refused.stderr).not.toContain("    at ");
    expect(evalRows(killedStore())).toEqual([
      { id: killed.evalId, status: "running", result_count: killed.kept },
    ]);
  });

  it("refuses the options that say what runs: a resumed eval runs with those it began with (exit 2)", () => {
    const refused = s.reins(
      "eval",
      suite,
      "--store",
      killedStore(),
      "--resume",
      killed.evalId,
      "--trials",
      "2",
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--trials cannot be given with --resume");
  });

  it("completes it running only the missing trials, into the report an uninterrupted run gives", () => {
    const before = logLines(log());
    const out = join(s.dir, "resumed.json");
    const resumed = s.reins("eval", suite, "--store", killedStore(), "--resume", killed.evalId, "--out", out);
    expect(besidesProgress(resumed.stderr)).toBe("");
    expect(resumed.stdout).toContain(
      `resuming ${killed.evalId}: ${killed.kept} of ${total} trials kept, the others run now`,
    );
    expect(resumed.code).toBe(whole.code);
    // The agent ran once for each base-case trial the killed eval had not kept, and for no other.
    expect(logLines(log()) - before).toBe(360 - killed.keptBase);
    const report = JSON.parse(readFileSync(out, "utf8")) as EvalReport;
    expect(comparable(report)).toEqual(comparable(whole.report));
    expect(report.impact.failedTrials.high).toBeGreaterThan(0);
    expect(evalRows(killedStore())).toEqual([{ id: killed.evalId, status: "finished", result_count: total }]);
  });

  it("says so when the eval to resume is finished, or unknown (exit 2)", () => {
    const finished = s.reins("eval", suite, "--store", killedStore(), "--resume", killed.evalId);
    expect(finished.code).toBe(2);
    expect(finished.stderr).toContain(
      `cannot resume evaluation ${killed.evalId}: it is finished (${total} results); nothing is left to run`,
    );
    const unknown = s.reins("eval", suite, "--store", killedStore(), "--resume", "eval_nope");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "cannot resume evaluation eval_nope: the store has no evaluation with that id",
    );
  });
});
