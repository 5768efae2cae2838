import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { usageMessage } from "./__fixtures__/usage-message.js";
import { normalQuantile, zForConfidence } from "./normal-quantile.js";
import { ruleOfThree } from "./rule-of-three.js";
import { wilsonInterval } from "./wilson-interval.js";

// z² at 95 %: 1.95996398454005423552² = 3.84145882069412595836 (50-digit arithmetic).
const z2 = 3.841458820694126;

describe("zForConfidence and normalQuantile", () => {
  it("gives the correctly rounded two-sided z for 90, 95 and 99 %", () => {
    // Φ⁻¹(0.95) = 1.64485362695147271486…, Φ⁻¹(0.975) = 1.95996398454005423552…, Φ⁻¹(0.995) = 2.57582930354890076098…
    expect(zForConfidence(0.9)).toBe(1.6448536269514726);
    expect(zForConfidence(0.95)).toBe(1.9599639845400543);
    expect(zForConfidence(0.99)).toBe(2.575829303548901);
    // The value quoted to 16 digits (SciPy's ndtri) is one unit in the last place below: the same to 1e-15.
    expect(Math.abs(zForConfidence(0.95) - 1.959963984540054)).toBeLessThan(1e-15);
  });

  it("computes other levels with AS 241, bit for bit what Python's NormalDist().inv_cdf gives", () => {
    // Python 3.11: NormalDist().inv_cdf(0.9), (0.975), (0.01), (1e-10), (1e-300), (0.999999)
    expect(zForConfidence(0.8)).toBe(1.2815515655446008);
    expect(normalQuantile(0.975)).toBe(1.9599639845400536);
    expect(normalQuantile(0.01)).toBe(-2.3263478740408408);
    expect(normalQuantile(1e-10)).toBe(-6.361340902404056);
    expect(normalQuantile(1e-300)).toBe(-37.0470962993612);
    expect(normalQuantile(0.999999)).toBe(4.753424308817089);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it("is within 2e-15 of the true quantile, and odd: Φ⁻¹(1 − p) = −Φ⁻¹(p)", () => {
    expect(
      Math.abs(normalQuantile(0.975) - 1.9599639845400543 /* nearest double to 1.95996398454005423552… */),
    ).toBeLessThan(2e-15);
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (p) => {
        expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 8);
      }),
    );
  });

  it("refuses levels outside (0, 1)", () => {
    for (const bad of [0, 1, -0.5, 95, Number.NaN])
      expect(usageMessage(() => zForConfidence(bad), "confidence")).toMatch(
        /^confidence: .*strictly between 0 and 1/,
      );
    expect(usageMessage(() => normalQuantile(1), "p")).toBe(
      "p: a probability strictly between 0 and 1 is needed, got 1",
    );
  });
});

describe("wilsonInterval", () => {
  it("matches the literature for 81/263 (Newcombe 1998: 0.2553 to 0.3662)", () => {
    // s = 81, n = 263, f = 182: A = 81 + z²/2 = 82.92073, B = z·√(81·182/263 + z²/4) = z·√57.01356 = 14.79929,
    // n + z² = 266.84146 → lower (A − B)/266.84146 = 0.2552885, upper (A + B)/266.84146 = 0.3662096, centre 0.3107490.
    const interval = wilsonInterval(81, 263);
    expect(interval.lower).toBeCloseTo(0.2553, 4);
    expect(interval.upper).toBeCloseTo(0.3662, 4);
    // To 40 digits (mpmath): 0.25528851987827422577…, 0.36620957698280007014…, 0.31074904843053714796…
    expect(interval.lower).toBeCloseTo(0.2552885198782742, 14);
    expect(interval.upper).toBeCloseTo(0.3662095769828001, 14);
    expect(interval.center).toBeCloseTo(0.3107490484305371, 14);
    // At 99 % (z = 2.5758293): 0.2401369026876077 to 0.3852825023182298.
    expect(wilsonInterval(81, 263, 0.99).lower).toBeCloseTo(0.2401369026876077, 14);
    expect(wilsonInterval(81, 263, 0.99).upper).toBeCloseTo(0.3852825023182298, 14);
  });

  it("gives exactly 0 below no successes and 1 above no failures", () => {
    // 0/10: upper = z²/(n + z²) = 3.8414588/13.8414588 = 0.2775328; 10/10: lower = n/(n + z²) = 10/13.8414588 = 0.7224672.
    expect(wilsonInterval(0, 10)).toEqual({
      lower: 0,
      upper: expect.closeTo(z2 / (10 + z2), 15),
      center: expect.closeTo(z2 / 2 / (10 + z2), 15),
    });
    expect(wilsonInterval(10, 10).lower).toBeCloseTo(0.7224672001371107, 15);
    expect(wilsonInterval(10, 10).upper).toBe(1);
    // 5/10 is symmetric about ½: 0.2365930905125640 to 0.7634069094874360.
    expect(wilsonInterval(5, 10).lower).toBeCloseTo(0.236593090512564, 15);
    expect(wilsonInterval(5, 10).upper).toBeCloseTo(0.763406909487436, 15);
    expect(wilsonInterval(5, 10).center).toBe(0.5);
  });

  it("knows nothing with no cases: [0, 1], centre ½", () => {
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1, center: 0.5 });
  });

  it("holds 0 ≤ lower ≤ p̂ ≤ upper ≤ 1, narrows with confidence, and mirrors failures and successes", () => {
    const counts = fc
      .integer({ min: 1, max: 1_000_000 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(counts, fc.constantFrom(0.8, 0.9, 0.95, 0.99), ([s, n], confidence) => {
        const { lower, upper, center } = wilsonInterval(s, n, confidence);
        const rate = s / n;
        expect(0 <= lower && lower <= rate && rate <= upper && upper <= 1).toBe(true);
        expect(lower <= center && center <= upper).toBe(true);
        const mirror = wilsonInterval(n - s, n, confidence);
        expect(mirror.lower).toBeCloseTo(1 - upper, 12);
        const wider = wilsonInterval(s, n, 0.999);
        expect(wider.lower <= lower && wider.upper >= upper).toBe(true);
      }),
    );
  });

  it("refuses impossible counts", () => {
    expect(usageMessage(() => wilsonInterval(3, 2), "successes")).toBe(
      "successes: 3 successes is more than the 2 cases",
    );
    expect(usageMessage(() => wilsonInterval(-1, 2), "successes")).toBe(
      "successes: a whole number ≥ 0 is needed, got -1",
    );
    expect(usageMessage(() => wilsonInterval(1, 2.5), "n")).toBe("n: a whole number ≥ 0 is needed, got 2.5");
    expect(usageMessage(() => wilsonInterval(1, "2" as unknown as number), "n")).toBe(
      'n: a whole number ≥ 0 is needed, got "2"',
    );
    expect(usageMessage(() => wilsonInterval(1, 2, 1), "confidence")).toMatch(/^confidence: /);
  });
});

describe("ruleOfThree", () => {
  it("bounds a rate never seen in 100 trials at 2.95 % (exact) and 3.00 % (approximate)", () => {
    // exact 1 − 0.05^(1/100) = 1 − e^(ln 0.05/100) = 1 − e^(−0.0299573) = 0.0295130496070399345…;
    // approximate −ln 0.05/100 = 2.9957323/100 = 0.0299573227355399099… (the "3/n").
    const bound = ruleOfThree(100);
    expect(bound.exact).toBeCloseTo(0.02951304960703993, 16);
    expect(bound.approximate).toBeCloseTo(0.02995732273553991, 16);
    expect(bound).toMatchObject({ n: 100, confidence: 0.95 });
    // 300 trials at 99 %: 1 − 0.01^(1/300) = 0.0152333478898418; −ln 0.01/300 = 4.6051702/300 = 0.0153505672866270.
    expect(ruleOfThree(300, 0.99).exact).toBeCloseTo(0.0152333478898418, 16);
    expect(ruleOfThree(300, 0.99).approximate).toBeCloseTo(0.015350567286627, 16);
    // n = 3: 1 − 0.05^(1/3) = 1 − 0.3684031 = 0.6315969; n = 1: 1 − 0.05 = 0.95, and 2.996/1 is capped at 1.
    expect(ruleOfThree(3).exact).toBeCloseTo(0.6315968501359613, 15);
    expect(ruleOfThree(1)).toEqual({
      n: 1,
      confidence: 0.95,
      exact: expect.closeTo(0.95, 15),
      approximate: 1,
    });
  });

  it("bounds nothing after no trials", () => {
    expect(ruleOfThree(0)).toEqual({ n: 0, confidence: 0.95, exact: 1, approximate: 1 });
  });

  it("is the rate at which n clean trials have probability 1 − confidence, and never above the approximation", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom(0.5, 0.9, 0.95, 0.99),
        (n, confidence) => {
          const { exact, approximate } = ruleOfThree(n, confidence);
          expect((1 - exact) ** n).toBeCloseTo(1 - confidence, 6);
          expect(exact).toBeLessThanOrEqual(approximate);
          expect(ruleOfThree(n + 1, confidence).exact).toBeLessThan(exact);
        },
      ),
    );
  });

  it("refuses a fractional count and a certain confidence", () => {
    expect(usageMessage(() => ruleOfThree(1.5), "n")).toBe("n: a whole number ≥ 0 is needed, got 1.5");
    expect(usageMessage(() => ruleOfThree(10, 1), "confidence")).toMatch(/^confidence: /);
  });
});
