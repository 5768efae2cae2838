import { describe, expect, it } from "vitest";
import { passHatK } from "./pass-hat-k.js";

describe("passHatK", () => {
  // Hand-computed: C(c,k)/C(n,k).
  it.each([
    [[{ trials: 4, successes: 4 }], 1, 1],
    [[{ trials: 4, successes: 4 }], 4, 1],
    [[{ trials: 4, successes: 3 }], 1, 0.75],
    [[{ trials: 4, successes: 3 }], 2, 0.5], // C(3,2)/C(4,2) = 3/6
    [[{ trials: 4, successes: 3 }], 3, 0.25], // 1/4
    [[{ trials: 4, successes: 3 }], 4, 0],
    [[{ trials: 5, successes: 2 }], 2, 0.1], // 1/10
    [[{ trials: 3, successes: 0 }], 1, 0],
    [
      [
        { trials: 4, successes: 4 },
        { trials: 4, successes: 2 },
      ],
      2,
      (1 + 1 / 6) / 2,
    ],
    [[{ trials: 8, successes: 6 }], 3, 20 / 56],
  ])("%j at k=%i is %f", (counts, k, expected) => {
    expect(passHatK(counts, k)).toBeCloseTo(expected, 12);
  });

  it("falls as k grows for an unreliable agent", () => {
    const counts = [{ trials: 5, successes: 4 }];
    const values = [1, 2, 3, 4, 5].map((k) => passHatK(counts, k));
    expect(values.map((v) => Number(v.toFixed(4)))).toEqual([0.8, 0.6, 0.4, 0.2, 0]);
  });

  it("rejects k larger than an entry's trials, bad k and bad entries", () => {
    expect(() => passHatK([{ trials: 2, successes: 1 }], 3)).toThrow(
      "passHatK: an entry has 2 trials, fewer than k = 3",
    );
    expect(() => passHatK([{ trials: 2, successes: 1 }], 0)).toThrow(RangeError);
    expect(() => passHatK([{ trials: 2, successes: 3 }], 1)).toThrow(RangeError);
    expect(() => passHatK([], 1)).toThrow(RangeError);
  });
});
