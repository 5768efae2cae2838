import { checkConfidence, checkCount } from "./check-input.js";

/** How often an event never seen in `n` trials could still happen, at most (one-sided). */
export interface RuleOfThree {
  /** Trials in which the event was never seen. */
  n: number;
  /** The one-sided confidence level. */
  confidence: number;
  /** 1 − (1 − confidence)^(1/n): the largest rate p with (1 − p)^n ≥ 1 − confidence (the Clopper–Pearson bound). */
  exact: number;
  /**
   * −ln(1 − confidence)/n, capped at 1: the approximation the rule is named for (−ln 0.05 = 2.996 ≈ 3, hence 3/n at
   * 95 %; 2.303/n at 90 %, 4.605/n at 99 %). It is above `exact` and close to it once n is more than about 30.
   */
  approximate: number;
}

/**
 * The rule of three (Hanley & Lippman-Hand 1983): after `n` trials without the event, its rate is below `exact` at
 * the given confidence. With no trials (n = 0) nothing is bounded: both are 1.
 */
export function ruleOfThree(n: number, confidence = 0.95): RuleOfThree {
  checkCount(n, "n");
  checkConfidence(confidence);
  if (n === 0) return { n, confidence, exact: 1, approximate: 1 };
  // -expm1(log1p(-c)/n) is 1 − (1 − c)^(1/n) without losing digits to the subtraction when n is large.
  const exact = -Math.expm1(Math.log1p(-confidence) / n);
  return { n, confidence, exact, approximate: Math.min(1, -Math.log1p(-confidence) / n) };
}
