import { checkArray, checkClassPair } from "./check-input.js";

/** Agreement of two raters on the same items, beyond chance. */
export interface CohenKappa {
  /** Items both rated. */
  n: number;
  /** p_o, the share of items given the same class; `undefined` when n = 0. */
  observedAgreement: number | undefined;
  /** p_e = Σ_k p_A(k)·p_B(k), the agreement expected by chance from each rater's class shares; `undefined` when n = 0. */
  expectedAgreement: number | undefined;
  /**
   * κ = (p_o − p_e)/(1 − p_e), from −1 to 1; `undefined` when n = 0. When p_e = 1 (both raters gave every item one
   * and the same class) the ratio is 0/0 and κ is defined as 1: they agreed on everything, and chance could not have
   * made them disagree.
   */
  kappa: number | undefined;
}

/**
 * Cohen's κ (Cohen 1960) for pairs `[rater A's class, rater B's class]`, one per item. Classes are compared as
 * strings, exactly. κ is symmetric in the raters: swapping every pair gives the same numbers, bit for bit.
 */
export function cohenKappa(pairs: readonly (readonly [string, string])[]): CohenKappa {
  checkArray(pairs, "pairs");
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let agreed = 0;
  pairs.forEach((pair, index) => {
    const [a, b] = checkClassPair(pair, `pairs[${index}]`, "a pair of two class names (strings)");
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
    if (a === b) agreed++;
  });
  return kappaFromCounts(pairs.length, agreed, first, second);
}

/**
 * κ from counts: `n` items, `agreed` of them the same class, and each rater's count per class. In whole numbers,
 * κ = (n·agreed − Σ a_k·b_k)/(n² − Σ a_k·b_k), one rounding in all (the counts stay far below 2⁵³).
 */
export function kappaFromCounts(
  n: number,
  agreed: number,
  first: ReadonlyMap<string, number>,
  second: ReadonlyMap<string, number>,
): CohenKappa {
  if (n === 0) return { n, observedAgreement: undefined, expectedAgreement: undefined, kappa: undefined };
  let chance = 0;
  for (const [name, count] of first) chance += count * (second.get(name) ?? 0);
  const square = n * n;
  return {
    n,
    observedAgreement: agreed / n,
    expectedAgreement: chance / square,
    kappa: chance === square ? 1 : (n * agreed - chance) / (square - chance),
  };
}
