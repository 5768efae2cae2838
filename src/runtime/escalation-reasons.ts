/**
 * The escalation reasons the runtime gives by itself (recovery paths, limits, the gate), which a charter need not
 * declare: a case may expect any of them besides the charter's own.
 */
export const builtinEscalationReasons = [
  "missing_input",
  "conflicting_records",
  "low_confidence",
  "tool_failure",
  "action_outcome_unknown",
  "approval_required",
  "needs_review",
  "step_limit",
] as const;
