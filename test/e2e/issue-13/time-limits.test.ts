// Issue 13: time limits. Before: a provider that accepted and never answered held `reins run` for 909 s (three
// attempts at the HTTP client's 300 s default), a function agent that never resolved ran forever, and a stuck trial
// held the whole eval.
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeOpenAIServer } from "../../../src/testing/index.js";
import { sandbox } from "../cli-harness.js";

const workflow = "test/fixtures/time-limits/workflow";

describe("time limits", () => {
  it("ends `reins run` on a model that never answers after limits.modelTimeoutMs, exit 1", async () => {
    let asked = 0;
    const server = await startFakeOpenAIServer({
      handler: () => {
        asked++;
        return new Promise<never>(() => {});
      },
    });
    try {
      const s = sandbox();
      const input = s.input("in.json", { steps: 1 });
      const started = performance.now();
      const result = await s.reinsAsync(
        "run",
        workflow,
        "--input",
        input,
        "--model",
        `openai-compatible:${server.url}#m`,
        "--run-id",
        "hang-model",
      );
      expect(performance.now() - started).toBeLessThan(8000);
      expect(result.code).toBe(1);
      expect(result.stdout.split("\n").slice(0, 2)).toEqual([
        "run hang-model: failed",
        `outcome: error [REINS_MODEL_TIMEOUT]: the model openai-compatible:${server.url}#m did not answer within 500 ms (limits.modelTimeoutMs), retries included`,
      ]);
      // The request was aborted, not retried: a retry would start a new 500 ms for nothing.
      expect(asked).toBe(1);
    } finally {
      await server.close();
    }
  }, 15_000);

  // A provider that sends its headers and then stalls the body, and one that asks to come back in 59 s: the same
  // limit bounds both (before, the HTTP client's 300 s default per attempt, and a 59 s sleep per retry).
  for (const [name, respond] of [
    [
      "stalls the body",
      (res: ServerResponse) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"id":"chatcmpl-1","object":"chat.completion","choices":[');
      },
    ],
    [
      "answers 429 with retry-after: 59",
      (res: ServerResponse) => {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "59" });
        res.end('{"error":{"message":"slow down","type":"rate_limit"}}');
      },
    ],
  ] as const) {
    it(`ends \`reins run\` on a provider that ${name} after limits.modelTimeoutMs, exit 1`, async () => {
      const server = createServer((_req, res) => respond(res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      try {
        const s = sandbox();
        const input = s.input("in.json", { steps: 1 });
        const result = await s.reinsAsync(
          "run",
          workflow,
          "--input",
          input,
          "--model",
          `openai-compatible:${url}#m`,
          "--run-id",
          "slow-provider",
        );
        expect(result.code).toBe(1);
        expect(result.stdout.split("\n").slice(0, 2)).toEqual([
          "run slow-provider: failed",
          `outcome: error [REINS_MODEL_TIMEOUT]: the model openai-compatible:${url}#m did not answer within 500 ms (limits.modelTimeoutMs), retries included`,
        ]);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }, 15_000);
  }

  it("ends `reins run` on a function agent that never resolves after limits.runTimeoutMs, exit 1", async () => {
    const s = sandbox();
    const input = s.input("in.json", { steps: 1, hang: true });
    const result = await s.reinsAsync("run", workflow, "--input", input, "--run-id", "hang-agent");
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n").slice(0, 2)).toEqual([
      "run hang-agent: failed",
      "outcome: error [REINS_RUN_TIMEOUT]: the run did not end within 1500 ms (limits.runTimeoutMs); its signal was aborted",
    ]);
  }, 15_000);

  it("ends `reins run` on an agent awaiting what nothing settles, with no run limit, instead of exiting 13 silently", async () => {
    const s = sandbox();
    const input = s.input("in.json", { steps: 1, hang: true });
    const result = await s.reinsAsync(
      "run",
      "test/fixtures/time-limits/no-run-limit",
      "--input",
      input,
      "--run-id",
      "stalled",
    );
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n").slice(0, 2)).toEqual([
      "run stalled: failed",
      "outcome: error [REINS_RUN_STALLED]: the agent stopped making progress: it awaits a promise that nothing can settle (no timer, request or file is pending)",
    ]);
    expect(s.reins("audit", "verify").stdout).toMatch(/^audit log intact/);
  }, 15_000);

  it("scores a stuck trial as a timeout failure in `reins eval` and scores the others", async () => {
    const s = sandbox();
    const out = join(s.dir, "r.json");
    const result = await s.reinsAsync("eval", "test/fixtures/time-limits/suite", "--out", out);
    // Exit 1: the thresholds are not met because of the failed trial; the eval itself finished.
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(
      "it ended in an error (the trial timed out: its run did not end within 300 ms (trialTimeoutMs))",
    );
    const report = JSON.parse(readFileSync(out, "utf8")) as {
      results: { caseId: string; passed: boolean; outcome: { type: string; code?: string } }[];
    };
    // The JSON report lists the results in the order the trials ended (they stream to the store): by case here.
    const byCase = (rows: (string | boolean)[][]) =>
      [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byCase(report.results.map((r) => [r.caseId, r.passed, r.outcome.code ?? r.outcome.type]))).toEqual(
      byCase([
        ["enterprise-outage", true, "decision"],
        ["free-invoice", false, "REINS_RUN_TIMEOUT"],
        ...report.results
          .filter((r) => !["enterprise-outage", "free-invoice"].includes(r.caseId))
          .map((r) => [r.caseId, true, r.outcome.type]),
      ]),
    );
    expect(report.results).toHaveLength(6);
  }, 15_000);
});
