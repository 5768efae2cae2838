import { type EvalReport, evaluate, functionAgent } from "reins";
import type { TrialResult } from "reins/eval";
import { describe, expect, it } from "vitest";
import { tau2RetailSuite } from "./tau2/build-suite.js";
import { tau2Reward, tau2Summary } from "./tau2/summary.js";
import { loadTau2Tasks, type Tau2Task } from "./tau2/tasks.js";

// τ²'s own numbers from a Reins report: the reward per its reward_basis, its average, and pass^k.

const tasks = loadTau2Tasks();
const byId = (id: string) => tasks.find((t) => t.id === id) as Tau2Task;
const result = (caseId: string, scores: Record<string, number>, outcome = "decision"): TrialResult =>
  ({
    caseId,
    scores,
    outcome: { type: outcome },
    perturbation: null,
    redteam: false,
  }) as unknown as TrialResult;

describe("τ² reward", () => {
  it("multiplies the components of the task's reward_basis", () => {
    // Task 0: basis DB and NL_ASSERTION, no assertions: the DB decides.
    expect(tau2Reward(result("0", { tau2Db: 1, communicateInfo: 0 }), byId("0"))).toEqual({ reward: 1 });
    expect(tau2Reward(result("0", { tau2Db: 0 }), byId("0"))).toEqual({ reward: 0 });
    // Task 16 has NL assertions: unscored without a judge, scored with one; communicate_info is not in its basis.
    expect(tau2Reward(result("16", { tau2Db: 1 }), byId("16"))).toEqual({
      unscored: "NL assertions need a judge model (REINS_TAU2_JUDGE)",
    });
    expect(tau2Reward(result("16", { tau2Db: 1, nlAssertions: 1, communicateInfo: 0 }), byId("16"))).toEqual({
      reward: 1,
    });
    expect(tau2Reward(result("16", { tau2Db: 1, nlAssertions: 0 }), byId("16"))).toEqual({ reward: 0 });
    // A run that errored is 0, as a τ² simulation that did not end by a stop.
    expect(tau2Reward(result("0", { tau2Db: 1 }, "error"), byId("0"))).toEqual({ reward: 0 });
  });

  it("averages and computes pass^k over the scored tasks, leaving unscored ones out", () => {
    const report = {
      results: [
        result("0", { tau2Db: 1 }),
        result("0", { tau2Db: 1 }),
        result("1", { tau2Db: 1 }),
        result("1", { tau2Db: 0 }),
        result("16", { tau2Db: 1 }),
        result("16", { tau2Db: 1 }),
      ],
    } as Pick<EvalReport, "results">;
    expect(tau2Summary(report, tasks)).toEqual({
      scoredTasks: 2,
      unscored: [{ taskId: "16", why: "NL assertions need a judge model (REINS_TAU2_JUDGE)" }],
      averageReward: 3 / 4,
      passHatK: { "1": (1 + 1 / 2) / 2, "2": (1 + 0) / 2 },
    });
  });

  it("reads an eval report of the suite: an agent that does nothing scores where nothing was to be done", async () => {
    const suite = await tau2RetailSuite({ taskIds: ["0", "57"] });
    const idle = functionAgent("idle", async () => ({
      type: "decision",
      decision: { decision: "unresolved", confidence: 1, message: "I cannot help." },
    }));
    const report = await evaluate({ suite, agent: idle, trials: 2, concurrency: 2 });
    // Task 0 wanted an exchange; task 57's right answer changes nothing.
    expect(tau2Summary(report, tasks)).toEqual({
      scoredTasks: 2,
      unscored: [],
      averageReward: 1 / 2,
      passHatK: { "1": 1 / 2, "2": 1 / 2 },
    });
  });
});
