import type { RetrainingPriority, ReviewErrorType, ReviewOutcome, ReviewRootCause } from "../store/store.js";

/** A review's outcomes (SPEC §1 "Review"). */
export const reviewOutcomes: readonly ReviewOutcome[] = ["approved", "edited", "rejected", "escalated"];

/**
 * A review's error types, SPEC's list in snake_case: missing context, wrong tool, bad tone, policy issue,
 * hallucination, poor prioritisation.
 */
export const reviewErrorTypes: readonly ReviewErrorType[] = [
  "missing_context",
  "wrong_tool",
  "bad_tone",
  "policy_issue",
  "hallucination",
  "poor_prioritisation",
];

/** A review's root causes: prompt, data, missing tool, unclear policy, model limitation. */
export const reviewRootCauses: readonly ReviewRootCause[] = [
  "prompt",
  "data",
  "missing_tool",
  "unclear_policy",
  "model_limitation",
];

export const retrainingPriorities: readonly RetrainingPriority[] = ["low", "medium", "high"];
