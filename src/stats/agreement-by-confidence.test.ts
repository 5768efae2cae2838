import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { usageMessage } from "./__fixtures__/usage-message.js";
import { agreementByBucket, type ConfidenceItem, recommendThreshold } from "./agreement-by-confidence.js";
import { wilsonInterval } from "./wilson-interval.js";

const z2 = 3.841458820694126; // z² at 95 %
const items = (confidence: number, agreeing: number, disagreeing = 0): ConfidenceItem[] => [
  ...Array.from({ length: agreeing }, () => ({ confidence, agree: true })),
  ...Array.from({ length: disagreeing }, () => ({ confidence, agree: false })),
];

describe("agreementByBucket", () => {
  it("puts each confidence in [lower, upper), the last bucket including 1", () => {
    const buckets = agreementByBucket([
      { confidence: 0.3, agree: true },
      { confidence: 0.5, agree: false },
      { confidence: 0.55, agree: true },
      { confidence: 0.9, agree: true },
      { confidence: 0.95, agree: true },
      { confidence: 1, agree: true },
    ]);
    expect(
      buckets.map(({ lower, upper, n, agreed, agreement }) => ({ lower, upper, n, agreed, agreement })),
    ).toEqual([
      { lower: 0, upper: 0.5, n: 1, agreed: 1, agreement: 1 },
      { lower: 0.5, upper: 0.6, n: 2, agreed: 1, agreement: 0.5 },
      { lower: 0.6, upper: 0.7, n: 0, agreed: 0, agreement: undefined },
      { lower: 0.7, upper: 0.8, n: 0, agreed: 0, agreement: undefined },
      { lower: 0.8, upper: 0.9, n: 0, agreed: 0, agreement: undefined },
      { lower: 0.9, upper: 1, n: 3, agreed: 3, agreement: 1 },
    ]);
    // 3 of 3: lower = 3/(3 + z²) = 3/6.8414588 = 0.4385030; an empty bucket knows nothing: [0, 1].
    expect(buckets[5]!.wilson.lower).toBeCloseTo(3 / (3 + z2), 15);
    expect(buckets[2]!.wilson).toEqual({ lower: 0, upper: 1, center: 0.5 });
  });

  it("takes other edges, and refuses edges that do not end at 1 or do not rise", () => {
    expect(agreementByBucket(items(0.75, 2, 1), [0.75, 1]).map((bucket) => bucket.n)).toEqual([0, 3]);
    expect(usageMessage(() => agreementByBucket([], [0.5, 0.9]), "edges")).toMatch(/ending at 1/);
    expect(usageMessage(() => agreementByBucket([], [0.6, 0.6, 1]), "edges[1]")).toBe(
      "edges[1]: each edge must be above the one before it (and above 0), got 0.6 after 0.6",
    );
    expect(
      usageMessage(() => agreementByBucket([{ confidence: 1.2, agree: true }]), "items[0].confidence"),
    ).toBe("items[0].confidence: a number from 0 to 1 is needed, got 1.2");
    expect(
      usageMessage(() => agreementByBucket([{ confidence: 0.5, agree: "yes" } as never]), "items[0].agree"),
    ).toBe('items[0].agree: true or false is needed, got "yes"');
  });
});

describe("recommendThreshold", () => {
  it("picks the lowest confidence whose items at or above it clear the target", () => {
    // 100 agreeing at 0.9, then 10 of 20 at 0.6.
    // ≥ 0.9: 100/100 → lower 100/(100 + z²) = 0.9630065 ≥ 0.9; ≥ 0.6: 110/120 → lower 0.8533777 < 0.9.
    const data = [...items(0.9, 100), ...items(0.6, 10, 10)];
    expect(recommendThreshold(data, 0.9)).toEqual({
      threshold: 0.9,
      n: 100,
      agreed: 100,
      agreement: 1,
      wilsonLower: expect.closeTo(0.9630065017930143, 15),
      coverage: 100 / 120,
    });
    expect(wilsonInterval(110, 120).lower).toBeCloseTo(0.8533776783593435, 14);
    // 0.9630 < 0.97: no threshold reaches it.
    expect(recommendThreshold(data, 0.97)).toBeUndefined();
    expect(recommendThreshold([], 0.5)).toBeUndefined();
  });

  it("returns the lowest passing threshold even when a higher one fails", () => {
    // ≥ 0.9: 50/50 → 0.9286524 ✓; ≥ 0.7: 50/55 → 0.8042251 ✗; ≥ 0.5: 250/255 → 0.9549290 ✓ → 0.5.
    const data = [...items(0.9, 50), ...items(0.7, 0, 5), ...items(0.5, 200)];
    expect(recommendThreshold(data, 0.9)).toMatchObject({ threshold: 0.5, n: 255, agreed: 250, coverage: 1 });
    expect(recommendThreshold(data, 0.9)!.wilsonLower).toBeCloseTo(0.9549290085377846, 14);
  });

  it("counts every item of a tied confidence together", () => {
    // Ten at 0.8, one disagreeing: 9/10 → lower 0.5958 (not 9/9's 0.7008, which splitting the tie would give).
    const data = [...items(0.8, 9), { confidence: 0.8, agree: false }];
    expect(recommendThreshold(data, 0.59)).toMatchObject({ threshold: 0.8, n: 10, agreed: 9 });
    expect(recommendThreshold(data, 0.6)).toBeUndefined();
  });

  it("agrees with a search over every candidate threshold", () => {
    const item = fc.record({ confidence: fc.constantFrom(0.1, 0.4, 0.5, 0.75, 0.9, 1), agree: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 300 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (data, target) => {
          const passing = [...new Set(data.map((entry) => entry.confidence))]
            .sort((a, b) => a - b)
            .filter((threshold) => {
              const above = data.filter((entry) => entry.confidence >= threshold);
              return (
                wilsonInterval(above.filter((entry) => entry.agree).length, above.length).lower >= target
              );
            });
          expect(recommendThreshold(data, target)?.threshold).toBe(passing[0]);
        },
      ),
    );
  });
});
