import type { Charter } from "../charter/charter.js";
import type { InputCheck } from "../contract/check-input.js";
import type { AnyToolCard } from "../contract/tool-card.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { RuleVerdict } from "./verdict.js";

/** A tool call the agent proposes, before anything runs. */
export interface ProposedCall {
  /** The tool's name as the agent asked for it. */
  toolName: string;
  /** The call's id (from the model, or assigned by the runtime). */
  callId: string;
  /**
   * The arguments: in the runtime's gate, the input as the card's schema parsed it (what the tool will run on), or
   * the agent's plain-data arguments when they do not parse (and `valid-input` denies).
   */
  input: unknown;
  /** The agent's confidence in this call (0–1), when it gave one. */
  confidence?: number;
}

/** A human's approval of one specific call: bound to the tool, the call id and the input's hash. */
export interface ApprovalGrant {
  toolName: string;
  callId: string;
  /** `hashJson(input)` of the exact input that was approved. */
  inputHash: string;
  /** Who approved it. */
  approver: string;
}

/** Facts an action rests on, by provenance, so that rules can refuse actions built on guesses. */
export interface FactUse {
  key: string;
  provenance: "verified" | "observed" | "inferred" | "expired";
}

/** Everything the gate knows about the run when it judges a call. */
export interface PolicyContext {
  charter: Charter;
  /** The card of the tool asked for; undefined when no tool by that name is registered. */
  tool: AnyToolCard | undefined;
  /** The autonomy level in force for this run (the charter's unless overridden). */
  autonomy: Charter["autonomy"];
  /** Tool calls already made in this run (any tool, any verdict that executed). */
  callCount: number;
  /** Calls already made in this run, by tool name. */
  callCountByTool: Readonly<Record<string, number>>;
  /** A human's approval for this exact call, if one was given. It waives require-approval, never deny. */
  approval?: ApprovalGrant;
  /** Facts the proposed call rests on. */
  facts?: readonly FactUse[];
  /** The workflow's kill-switch state. */
  workflow?: { paused: boolean; reason?: string };
  /** The run's id, for rules that need it. */
  runId?: string;
  /** The run's input, so a rule can depend on what the run is about (e.g. the customer's plan). */
  runInput?: unknown;
  /**
   * The card's check of the call's input when the caller already made it (the runtime's gate parses each input
   * once): `call.input` is then the parsed value. Without it, `valid-input` parses `call.input` itself.
   */
  inputCheck?: InputCheck;
  /** A tool returned abnormal data earlier in this run (its output broke the card's contract). */
  abnormal?: boolean;
  /** Outputs of the tool calls this run already executed, in order (e.g. the account a lookup returned). */
  results?: readonly { toolName: string; callId: string; output: unknown }[];
}

/** A deterministic rule, checked before every tool call, outside the model. */
export interface PolicyRule {
  /** Unique name; appears in verdict reasons and the audit log. */
  readonly name: string;
  /** What it enforces, in one sentence. */
  readonly description?: string;
  /** Judges one proposed call. Must not perform side effects. */
  check(call: ProposedCall, context: PolicyContext): RuleVerdict;
}

/**
 * Defines a custom policy rule in TypeScript. A rule without a name or a `check` function is a `UserError`
 * (`REINS_POLICY_INVALID`), thrown when the module defining it loads rather than at the first gated call.
 */
export function definePolicy(rule: PolicyRule): PolicyRule {
  if (typeof rule?.name !== "string" || rule.name.length === 0) {
    throw new UserError({
      code: ErrorCode.PolicyInvalid,
      message: "definePolicy: `name` is required",
      path: "name",
      hint: 'give the rule a unique name; it appears in verdicts and the audit log, e.g. definePolicy({ name: "no-weekend-refunds", check })',
    });
  }
  if (typeof rule.check !== "function") {
    throw new UserError({
      code: ErrorCode.PolicyInvalid,
      message: `definePolicy("${rule.name}"): \`check\` must be a function, not ${rule.check === null ? "null" : typeof rule.check}`,
      path: "check",
      hint: "pass check(call, context) returning allow(), deny(code, reason) or requireApproval(code, reason)",
    });
  }
  return Object.freeze({ ...rule });
}
