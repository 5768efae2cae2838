import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { usageMessage } from "./__fixtures__/usage-message.js";
import { casesNeededForWilsonLower, moreSuccessesNeeded } from "./cases-needed.js";
import { wilsonInterval } from "./wilson-interval.js";

describe("casesNeededForWilsonLower", () => {
  it("counts the all-success run that reaches a lower bound", () => {
    // All successes: lower = n/(n + z²) ≥ t ⟺ n ≥ t·z²/(1 − t), z² = 3.8414588.
    // t = 0.95: 0.95·3.8414588/0.05 = 72.988 → 73 (72/75.84 = 0.94935 < 0.95 ≤ 73/76.84 = 0.95001).
    expect(casesNeededForWilsonLower(1, 0.95)).toBe(73);
    expect(wilsonInterval(72, 72).lower).toBeLessThan(0.95);
    expect(wilsonInterval(73, 73).lower).toBeGreaterThanOrEqual(0.95);
    // t = 0.9: 0.9·3.8414588/0.1 = 34.573 → 35; t = 0.98: 0.98·3.8414588/0.02 = 188.23 → 189.
    expect(casesNeededForWilsonLower(1, 0.9)).toBe(35);
    expect(casesNeededForWilsonLower(1, 0.98)).toBe(189);
  });

  it("counts the cases at which a continuing rate reaches it", () => {
    // Rate 0.97, target 0.95: n ≥ z²·t(1 − t)/(p − t)² = 3.8414588·0.95·0.05/0.02² = 456.17 → 457.
    expect(casesNeededForWilsonLower(0.97, 0.95)).toBe(457);
  });

  it("says undefined when the target is at or above the rate, and 0 for a target of 0", () => {
    expect(casesNeededForWilsonLower(0.9, 0.9)).toBeUndefined();
    expect(casesNeededForWilsonLower(0.9, 0.95)).toBeUndefined();
    expect(casesNeededForWilsonLower(1, 1)).toBeUndefined();
    expect(casesNeededForWilsonLower(0, 0.1)).toBeUndefined();
    expect(casesNeededForWilsonLower(0.5, 0)).toBe(0);
    // Just under the rate the count is past 2⁵³: undefined rather than a loop that cannot end.
    expect(casesNeededForWilsonLower(0.5, 0.5 - 1e-12)).toBeUndefined();
  });

  it("is the smallest such n, and rises with the target", () => {
    const target = fc.double({ min: 0.01, max: 0.999, noNaN: true });
    fc.assert(
      fc.property(target, target, (a, b) => {
        const needed = casesNeededForWilsonLower(1, a)!;
        expect(wilsonInterval(needed, needed).lower).toBeGreaterThanOrEqual(a);
        if (needed > 0) expect(wilsonInterval(needed - 1, needed - 1).lower).toBeLessThan(a);
        if (a <= b)
          expect(casesNeededForWilsonLower(1, a)!).toBeLessThanOrEqual(casesNeededForWilsonLower(1, b)!);
      }),
    );
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        (rate, share) => {
          const a = rate * share;
          const b = rate * Math.min(0.95, share + 0.05);
          expect(casesNeededForWilsonLower(rate, a)!).toBeLessThanOrEqual(
            casesNeededForWilsonLower(rate, b)!,
          );
        },
      ),
    );
  });

  it("refuses rates and targets outside [0, 1]", () => {
    expect(usageMessage(() => casesNeededForWilsonLower(1.2, 0.9), "successRate")).toBe(
      "successRate: a number from 0 to 1 is needed, got 1.2",
    );
    expect(usageMessage(() => casesNeededForWilsonLower(1, Number.NaN), "target")).toBe(
      "target: a number from 0 to 1 is needed, got NaN",
    );
    expect(usageMessage(() => casesNeededForWilsonLower(1, 0.9, 0), "confidence")).toMatch(/^confidence: /);
  });
});

describe("moreSuccessesNeeded", () => {
  it("says 41 more after 32 clean shadow decisions for a lower bound ≥ 95 %", () => {
    // 73 in all (above) − 32 done = 41.
    expect(moreSuccessesNeeded(32, 32, 0.95)).toBe(41);
    expect(moreSuccessesNeeded(73, 73, 0.95)).toBe(0);
    expect(moreSuccessesNeeded(0, 0, 0.95)).toBe(73);
  });

  it("counts the failures already seen", () => {
    // 30 of 32, two failures: m = n + k must satisfy (1 − t)m² − (2f + z²t)m + f²/(1 − t) ≥ 0 with f = 2, t = 0.95:
    // 0.05m² − 7.6493859m + 80 ≥ 0 → m ≥ (7.6493859 + √(58.513 − 16))/0.1 = 141.69 → 142 cases, 110 more.
    expect(moreSuccessesNeeded(30, 32, 0.95)).toBe(110);
    expect(wilsonInterval(139, 141).lower).toBeLessThan(0.95);
    expect(wilsonInterval(140, 142).lower).toBeGreaterThanOrEqual(0.95);
    // 95 of 100 for 90 %: 13 more (108/113 = 0.9558, lower 0.9004).
    expect(moreSuccessesNeeded(95, 100, 0.9)).toBe(13);
  });

  it("never reaches a target of 1", () => {
    expect(moreSuccessesNeeded(10, 10, 1)).toBeUndefined();
  });

  it("is the smallest k, and from nothing equals the all-success count", () => {
    const counts = fc
      .integer({ min: 0, max: 5000 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(counts, fc.double({ min: 0, max: 0.995, noNaN: true }), ([s, n], target) => {
        const k = moreSuccessesNeeded(s, n, target)!;
        expect(wilsonInterval(s + k, n + k).lower).toBeGreaterThanOrEqual(target);
        if (k > 0) expect(wilsonInterval(s + k - 1, n + k - 1).lower).toBeLessThan(target);
        expect(moreSuccessesNeeded(0, 0, target)).toBe(casesNeededForWilsonLower(1, target));
      }),
    );
  });

  it("refuses more successes than cases", () => {
    expect(usageMessage(() => moreSuccessesNeeded(5, 4, 0.9), "successes")).toBe(
      "successes: 5 successes is more than the 4 cases",
    );
  });
});
