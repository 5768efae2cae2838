import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { usageMessage } from "./__fixtures__/usage-message.js";
import { cohenKappa } from "./cohen-kappa.js";

const repeat = (pair: [string, string], times: number): [string, string][] =>
  Array.from({ length: times }, () => pair);

describe("cohenKappa", () => {
  it("gives the classic 2×2 example: 20/5/10/15 → p_o 0.7, p_e 0.5, κ 0.4", () => {
    // a = both yes 20, b = A yes B no 5, c = A no B yes 10, d = both no 15; n = 50.
    // p_o = (20 + 15)/50 = 0.7; A says yes 25, B says yes 30: p_e = (25·30 + 25·20)/50² = 1250/2500 = 0.5;
    // κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
    const pairs = [
      ...repeat(["yes", "yes"], 20),
      ...repeat(["yes", "no"], 5),
      ...repeat(["no", "yes"], 10),
      ...repeat(["no", "no"], 15),
    ];
    expect(cohenKappa(pairs)).toEqual({ n: 50, observedAgreement: 0.7, expectedAgreement: 0.5, kappa: 0.4 });
  });

  it("handles three classes", () => {
    // (x,x)×4 (x,y)×1 (y,y)×3 (y,z)×1 (z,z)×2 (z,x)×1: n = 12, agreed 9, p_o = 0.75.
    // A: x 5, y 4, z 3; B: x 5, y 4, z 3 → Σ = 25 + 16 + 9 = 50, p_e = 50/144; κ = (12·9 − 50)/(144 − 50) = 58/94 = 29/47.
    const pairs = [
      ...repeat(["x", "x"], 4),
      ["x", "y"] as [string, string],
      ...repeat(["y", "y"], 3),
      ["y", "z"] as [string, string],
      ...repeat(["z", "z"], 2),
      ["z", "x"] as [string, string],
    ];
    expect(cohenKappa(pairs)).toEqual({
      n: 12,
      observedAgreement: 0.75,
      expectedAgreement: 50 / 144,
      kappa: 29 / 47,
    });
  });

  it("is −1 for complete disagreement on balanced classes and 0 when one rater never varies", () => {
    // (a,b)×5 (b,a)×5: p_o = 0, p_e = (5·5 + 5·5)/100 = 0.5, κ = (0 − 0.5)/0.5 = −1.
    expect(cohenKappa([...repeat(["a", "b"], 5), ...repeat(["b", "a"], 5)]).kappa).toBe(-1);
    // (a,a) (a,b): p_o = 0.5, p_e = (2·1)/4 = 0.5, κ = 0.
    expect(
      cohenKappa([
        ["a", "a"],
        ["a", "b"],
      ]),
    ).toEqual({ n: 2, observedAgreement: 0.5, expectedAgreement: 0.5, kappa: 0 });
  });

  it("defines κ = 1 when both raters gave every item the same one class (p_e = 1), and undefined with no items", () => {
    expect(cohenKappa(repeat(["ok", "ok"], 4))).toEqual({
      n: 4,
      observedAgreement: 1,
      expectedAgreement: 1,
      kappa: 1,
    });
    expect(cohenKappa([])).toEqual({
      n: 0,
      observedAgreement: undefined,
      expectedAgreement: undefined,
      kappa: undefined,
    });
  });

  it("stays in [−1, 1], is symmetric in its raters bit for bit, and ignores item order", () => {
    const pair = fc.tuple(fc.constantFrom("a", "b", "c", "d"), fc.constantFrom("a", "b", "c", "d"));
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 200 }), (pairs) => {
        const result = cohenKappa(pairs);
        expect(result.kappa!).toBeLessThanOrEqual(1);
        expect(result.kappa!).toBeGreaterThanOrEqual(-1);
        expect(cohenKappa(pairs.map(([a, b]) => [b, a] as [string, string]))).toEqual(result);
        expect(cohenKappa([...pairs].reverse())).toEqual(result);
        if (result.observedAgreement === 1) expect(result.kappa).toBe(1);
      }),
    );
  });

  it("refuses what is not a list of pairs of class names", () => {
    expect(usageMessage(() => cohenKappa("ab" as never), "pairs")).toBe(
      'pairs: an array is needed, got "ab"',
    );
    expect(
      usageMessage(
        () =>
          cohenKappa([
            ["a", "a"],
            ["a", 1],
          ] as never),
        "pairs[1]",
      ),
    ).toBe("pairs[1]: a pair of two class names (strings) is needed, got an array");
  });
});
