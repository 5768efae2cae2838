/** Why a rule objected to a call. `code` is stable; `message` is for humans and the model. */
export interface Reason {
  /** The rule that produced it, e.g. `forbidden-tool` or a custom rule's name. */
  rule: string;
  /** Stable code, e.g. `TOOL_FORBIDDEN`. */
  code: string;
  message: string;
  /** The input field involved, when there is one (`owner`, `contact.email`). */
  field?: string;
}

/** What one rule says about one call. */
export type RuleVerdict =
  | { type: "allow" }
  | { type: "deny"; reason: Omit<Reason, "rule"> }
  | { type: "require-approval"; reason: Omit<Reason, "rule"> };

/** What the gate says about one call. Deny beats require-approval beats allow; every objection is listed. */
export type Verdict =
  | { type: "allow"; approvedBy?: string }
  | { type: "deny"; reasons: Reason[] }
  | { type: "require-approval"; reasons: Reason[] };

export const allow = (): RuleVerdict => ({ type: "allow" });
export const deny = (code: string, message: string, field?: string): RuleVerdict => ({
  type: "deny",
  reason: field === undefined ? { code, message } : { code, message, field },
});
export const requireApproval = (code: string, message: string, field?: string): RuleVerdict => ({
  type: "require-approval",
  reason: field === undefined ? { code, message } : { code, message, field },
});

/** Combines rule verdicts with precedence deny > require-approval > allow. */
export function combineVerdicts(results: readonly { rule: string; verdict: RuleVerdict }[]): Verdict {
  const denies: Reason[] = [];
  const approvals: Reason[] = [];
  for (const { rule, verdict } of results) {
    if (verdict.type === "deny") denies.push({ rule, ...verdict.reason });
    else if (verdict.type === "require-approval") approvals.push({ rule, ...verdict.reason });
  }
  if (denies.length > 0) return { type: "deny", reasons: denies };
  if (approvals.length > 0) return { type: "require-approval", reasons: approvals };
  return { type: "allow" };
}
