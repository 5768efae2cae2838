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
  const combined = new VerdictCombiner();
  for (const { rule, verdict } of results) combined.add(rule, verdict);
  return combined.result();
}

/** `combineVerdicts` one verdict at a time, for a gate that keeps no list of them. */
export class VerdictCombiner {
  #denies: Reason[] | undefined;
  #approvals: Reason[] | undefined;

  add(rule: string, verdict: RuleVerdict): void {
    if (verdict.type === "deny") {
      this.#denies ??= [];
      this.#denies.push({ rule, ...verdict.reason });
    } else if (verdict.type === "require-approval") {
      this.#approvals ??= [];
      this.#approvals.push({ rule, ...verdict.reason });
    }
  }

  result(): Verdict {
    if (this.#denies) return { type: "deny", reasons: this.#denies };
    if (this.#approvals) return { type: "require-approval", reasons: this.#approvals };
    return { type: "allow" };
  }
}
