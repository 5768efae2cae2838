import type { Charter } from "../charter/charter.js";
import type { DecisionRecord } from "./outcome.js";

/** A decision checked against the charter's decision schema: the parsed decision, or what is wrong with it. */
export type DecisionCheck = { ok: true; decision: DecisionRecord } | { ok: false; problem: string };

export function checkDecision(charter: Charter, decision: unknown): DecisionCheck {
  const parsed = charter.decision.schema.safeParse(decision);
  if (parsed.success) return { ok: true, decision: parsed.data as DecisionRecord };
  const issues = parsed.error.issues
    .map((i) => `${i.path.join(".") || "(decision)"}: ${i.message}`)
    .join("; ");
  return { ok: false, problem: `the decision does not match the charter's decision schema (${issues})` };
}
