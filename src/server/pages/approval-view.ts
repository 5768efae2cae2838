import { createKeptRedactor } from "../../audit/redact.js";
import type { ApprovalRecord, ApprovalStatus } from "../../store/store.js";

/** An approval as the dashboard shows it: the call, its input redacted as the audit log is, and why it waits. */
export interface ApprovalView {
  id: string;
  kind: "approval" | "proposal";
  status: ApprovalStatus;
  runId: string;
  charter: string;
  callId: string;
  toolName: string;
  input: unknown;
  /** The approval is bound to this: the sha256 of the call's input (the form sends it back). */
  inputHash: string;
  reasons: { code: string | null; rule: string | null; message: string }[];
  createdAt: string;
  decidedBy: string | null;
  enteredBy: string | null;
  note: string | null;
  decidedAt: string | null;
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The view of a stored approval. Stored redacted already; a store written before that keeps secrets in clear. */
export function approvalView(record: ApprovalRecord): ApprovalView {
  const redact = createKeptRedactor();
  const kept = redact(record) as ApprovalRecord;
  const reasons = (kept.reasons as { kind?: unknown; reasons?: unknown } | null) ?? {};
  const list = Array.isArray(reasons.reasons) ? (reasons.reasons as Record<string, unknown>[]) : [];
  return {
    id: kept.id,
    kind: reasons.kind === "proposal" ? "proposal" : "approval",
    status: kept.status,
    runId: kept.runId,
    charter: kept.charter,
    callId: kept.callId,
    toolName: kept.toolName,
    input: kept.input,
    inputHash: kept.inputHash,
    reasons: list.map((r) => ({
      code: text(r?.code),
      rule: text(r?.rule),
      message: text(r?.message) ?? JSON.stringify(r),
    })),
    createdAt: kept.createdAt,
    decidedBy: kept.decidedBy,
    enteredBy: kept.enteredBy ?? null,
    note: kept.note,
    decidedAt: kept.decidedAt,
  };
}
