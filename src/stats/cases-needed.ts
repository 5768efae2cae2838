import { checkCount, checkUnit, usage } from "./check-input.js";
import { zForConfidence } from "./normal-quantile.js";
import { wilsonBounds } from "./wilson-interval.js";

/**
 * The smallest number of cases n at which a rate `successRate` observed on n cases has a Wilson lower bound ≥
 * `target` (at the two-sided `confidence`), or `undefined` when no n reaches it: the bound stays below the rate, so a
 * target at or above the rate is never reached (and neither is one needing more than 2⁵³ cases).
 *
 * `successRate = 1` is a run of all successes: exactly the smallest n with `wilsonInterval(n, n).lower ≥ target`
 * (73 for a target of 0.95 at 95 %). A lower rate asks "if the rate so far continues, how many cases in all"; the
 * successes are then the fractional `successRate × n`. A target of 0 needs no cases.
 */
export function casesNeededForWilsonLower(
  successRate: number,
  target: number,
  confidence = 0.95,
): number | undefined {
  checkUnit(successRate, "successRate");
  checkUnit(target, "target");
  const z = zForConfidence(confidence);
  if (target === 0) return 0;
  if (target >= successRate) return undefined;
  const reaches = (n: number): boolean => wilsonBounds(successRate * n, n, z).lower >= target;
  // The Wilson lower bound is the t < p̂ solving (p̂ − t)² = z²·t(1 − t)/n; it rises with n, so this is the answer up
  // to rounding, and the two loops settle the last step against the bound as `wilsonInterval` computes it.
  return smallest(Math.ceil((z * z * target * (1 - target)) / (successRate - target) ** 2), reaches);
}

/**
 * How many more cases, all of them successes, take `successes` out of `n` to a Wilson lower bound ≥ `target`: the
 * smallest k ≥ 0 with `wilsonInterval(successes + k, n + k).lower ≥ target` ("41 more shadow decisions for a lower
 * bound ≥ 95 %"). `undefined` for a target of 1, which no finite number of cases reaches, or one needing more than
 * 2⁵³ cases. From nothing (0 of 0) it equals `casesNeededForWilsonLower(1, target, confidence)`.
 */
export function moreSuccessesNeeded(
  successes: number,
  n: number,
  target: number,
  confidence = 0.95,
): number | undefined {
  checkCount(successes, "successes");
  checkCount(n, "n");
  if (successes > n) throw usage("successes", `${successes} successes is more than the ${n} cases`);
  checkUnit(target, "target");
  const z = zForConfidence(confidence);
  if (target === 1) return undefined;
  const failures = n - successes;
  const reaches = (k: number): boolean => wilsonBounds(successes + k, n + k, z).lower >= target;
  // With m = n + k cases and f failures, the bound reaches t when (1 − t)m² − (2f + z²t)m + f²/(1 − t) ≥ 0 above
  // the larger root m* = (2f + z²t + √(z²t(4f + z²t))) / (2(1 − t)); each success added raises the bound.
  const z2t = z * z * target;
  const root = (2 * failures + z2t + Math.sqrt(z2t * (4 * failures + z2t))) / (2 * (1 - target));
  return smallest(Math.max(0, Math.ceil(root) - n), reaches);
}

/** The least k ≥ 0 with `reaches(k)`, starting from an estimate, for a `reaches` that stays true once true. */
function smallest(estimate: number, reaches: (k: number) => boolean): number | undefined {
  if (!(estimate <= Number.MAX_SAFE_INTEGER)) return undefined;
  let k = estimate;
  while (k > 0 && reaches(k - 1)) k--;
  while (!reaches(k)) {
    if (k >= Number.MAX_SAFE_INTEGER) return undefined;
    k++;
  }
  return k;
}
