import { passHatK } from "reins/eval";
import { describe, expect, it } from "vitest";

// τ²'s pass^k (sierra-research/tau2-bench, src/tau2/metrics/agent_metrics.py): for each task with n trials of which
// c succeeded, `pass_hat_k(num_trials, success_count, k) = math.comb(success_count, k) / math.comb(num_trials, k)`
// (a ValueError when n < k), and `compute_metrics` reports, per k, the mean of that value over the tasks
// (`get_tasks_pass_hat_k` groups by task_id; a trial succeeds when its reward is 1 within 1e-6).

/** [tasks as (n, c), k, pass^k worked out by hand]. */
const table: [[number, number][], number, number][] = [
  [[[4, 4]], 1, 1],
  [[[4, 4]], 4, 1],
  [[[4, 3]], 1, 3 / 4],
  [[[4, 3]], 2, 3 / 6],
  [[[4, 3]], 3, 1 / 4],
  [[[4, 3]], 4, 0],
  [[[4, 2]], 2, 1 / 6],
  [[[4, 2]], 3, 0],
  [[[4, 0]], 1, 0],
  [[[5, 3]], 2, 3 / 10],
  [[[8, 6]], 4, 15 / 70],
  [
    [
      [4, 4],
      [4, 2],
      [4, 0],
    ],
    1,
    (1 + 1 / 2 + 0) / 3,
  ],
  [
    [
      [4, 4],
      [4, 2],
      [4, 0],
    ],
    2,
    (1 + 1 / 6 + 0) / 3,
  ],
  [
    [
      [3, 2],
      [5, 5],
    ],
    3,
    (0 + 1) / 2,
  ],
  [
    [
      [1, 1],
      [1, 0],
      [1, 1],
      [1, 1],
    ],
    1,
    3 / 4,
  ],
];

describe("passHatK agrees with τ²'s definition", () => {
  it.each(table)("tasks %j, k = %i", (tasks, k, expected) => {
    expect(
      passHatK(
        tasks.map(([trials, successes]) => ({ trials, successes })),
        k,
      ),
    ).toBeCloseTo(expected, 12);
  });

  it("refuses k above a task's trials, as τ² does", () => {
    expect(() => passHatK([{ trials: 2, successes: 2 }], 3)).toThrow(RangeError);
  });
});
