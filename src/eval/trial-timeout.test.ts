import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { functionAgent } from "../runtime/agent.js";
import { checkSuiteDefinition } from "./check-suite.js";
import { loadSuite } from "./load-suite.js";
import { defaultTrialTimeoutMs, evaluate, trialTimeoutMs } from "./run-eval.js";

describe("a trial's time limit", () => {
  it("scores a trial whose agent never resolves as a timeout failure, and scores the others", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    const baseline = suite.baseline;
    if (!baseline) throw new Error("the mini suite has a baseline");
    const stuckCase = "free-invoice";
    // free-invoice is ticket T-2: its trial hangs, the others run the baseline.
    const agent = functionAgent("hangs-on-one", (context) =>
      (context.input as { ticketId: string }).ticketId === "T-2"
        ? new Promise<never>(() => {})
        : baseline.run(context),
    );
    const started = performance.now();
    const report = await evaluate({ suite, agent, trialTimeoutMs: 150 });
    expect(performance.now() - started).toBeLessThan(5000);
    const stuck = report.results.filter((r) => r.caseId === stuckCase);
    expect(stuck.map((r) => [r.passed, r.outcome])).toEqual([
      [
        false,
        {
          type: "error",
          code: ErrorCode.RunTimeout,
          message: "the trial timed out: its run did not end within 150 ms (trialTimeoutMs)",
        },
      ],
    ]);
    expect(stuck[0]?.failures.map((f) => f.message).join("\n")).toContain("the trial timed out");
    const others = report.results.filter((r) => r.caseId !== stuckCase);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((r) => r.passed)).toBe(true);
  });

  it("is the eval's, else the suite's, else the charter's run limit, else 2 min", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    expect(trialTimeoutMs(suite, undefined)).toBe(defaultTrialTimeoutMs);
    expect(defaultTrialTimeoutMs).toBe(120_000);
    const withCharter = {
      ...suite,
      charter: { ...suite.charter, limits: { ...suite.charter.limits, runTimeoutMs: 9000 } },
    };
    expect(trialTimeoutMs(withCharter, undefined)).toBe(9000);
    expect(trialTimeoutMs({ ...withCharter, trialTimeoutMs: 700 }, undefined)).toBe(700);
    expect(trialTimeoutMs({ ...withCharter, trialTimeoutMs: 700 }, 40)).toBe(40);
  });

  it.each([0, -5, 1.5, 3_600_001, "60s"])(
    "rejects a suite's trialTimeoutMs of %s, located at the key",
    async (ms) => {
      const suite = await loadSuite("test/fixtures/mini-suite");
      const source = `export const suite = defineSuite({\n  name: "x",\n  trialTimeoutMs: ${JSON.stringify(ms)},\n});\n`;
      const issues = checkSuiteDefinition({
        definition: { name: "x", environment: suite.environment, trialTimeoutMs: ms as number },
        charter: suite.charter,
        file: "suite.ts",
        source,
      });
      expect(issues).toEqual([
        expect.objectContaining({
          path: "trialTimeoutMs",
          line: 3,
          message: `must be a whole number of milliseconds from 1 to 3600000 (one hour), got ${JSON.stringify(ms)}`,
        }),
      ]);
    },
  );

  it("accepts a suite's trialTimeoutMs of 1 ms to an hour", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    for (const ms of [1, 3_600_000]) {
      const definition = { name: "x", environment: suite.environment, trialTimeoutMs: ms };
      expect(
        checkSuiteDefinition({ definition, charter: suite.charter, file: "suite.ts", source: "" }),
      ).toEqual([]);
    }
  });
});
