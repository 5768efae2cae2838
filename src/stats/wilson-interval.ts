import { checkCount, usage } from "./check-input.js";
import { zForConfidence } from "./normal-quantile.js";

/** A Wilson score interval for a proportion. */
export interface WilsonInterval {
  /** Lower bound, in [0, 1]; exactly 0 when there were no successes. */
  lower: number;
  /** Upper bound, in [0, 1]; exactly 1 when every case succeeded. */
  upper: number;
  /** The interval's centre, (s + z²/2) / (n + z²): the observed rate pulled towards ½. */
  center: number;
}

/**
 * The Wilson score interval for `successes` out of `n` at a two-sided `confidence` (Wilson 1927; Newcombe 1998,
 * method 3): the proportions p with |p̂ − p| ≤ z·√(p(1 − p)/n). With no cases (n = 0) nothing is known: [0, 1],
 * centre ½.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): WilsonInterval {
  checkCount(successes, "successes");
  checkCount(n, "n");
  if (successes > n) throw usage("successes", `${successes} successes is more than the ${n} cases`);
  return wilsonBounds(successes, n, zForConfidence(confidence));
}

/**
 * The Wilson interval for a possibly fractional number of successes `s` (0 ≤ s ≤ n): what `casesNeeded…` uses to
 * ask where a rate would stand on more cases. With A = s + z²/2 and B = z·√(s(n − s)/n + z²/4), the bounds are
 * (A ∓ B)/(n + z²); they are computed as s²/(n(A + B)) and 1 − f²/(n(A′ + B)) (f = n − s, A′ = f + z²/2), the same
 * values without the cancellation of A − B, so that no successes gives exactly 0 and no failures exactly 1.
 */
export function wilsonBounds(s: number, n: number, z: number): WilsonInterval {
  if (n === 0) return { lower: 0, upper: 1, center: 0.5 };
  const z2 = z * z;
  const f = n - s;
  const b = z * Math.sqrt((s * f) / n + z2 / 4);
  return {
    lower: (s * s) / (n * (s + z2 / 2 + b)),
    upper: 1 - (f * f) / (n * (f + z2 / 2 + b)),
    center: (s + z2 / 2) / (n + z2),
  };
}
