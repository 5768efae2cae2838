import { fromJsonText, toJsonText } from "../json-text.js";
import type { ApprovalRecord, Store } from "../store.js";
import { approvalDecidedError, unknownApprovalError } from "../store-rules.js";
import { applyLimit, compareText, isoNow, type MemoryContext, sortBy } from "./memory-context.js";

/** An approval as kept in memory: JSON fields as text. */
interface ApprovalEntry extends Omit<ApprovalRecord, "input" | "reasons"> {
  input: string;
  reasons: string;
}

function toRecord(entry: ApprovalEntry): ApprovalRecord {
  return { ...entry, input: fromJsonText(entry.input), reasons: fromJsonText(entry.reasons) };
}

/** `Store["approvals"]` in memory. Lists are oldest first (the order a reviewer works through them). */
export function memoryApprovals(context: MemoryContext): Store["approvals"] {
  const approvals = new Map<string, ApprovalEntry>();
  return {
    async create(approval) {
      if (approvals.has(approval.id)) throw new Error(`an approval with id "${approval.id}" already exists`);
      const entry: ApprovalEntry = {
        id: approval.id,
        runId: approval.runId,
        charter: approval.charter,
        callId: approval.callId,
        toolName: approval.toolName,
        input: toJsonText(approval.input),
        inputHash: approval.inputHash,
        reasons: toJsonText(approval.reasons),
        status: "pending",
        decidedBy: null,
        note: null,
        createdAt: isoNow(context),
        decidedAt: null,
      };
      approvals.set(entry.id, entry);
      return toRecord(entry);
    },

    async get(id) {
      const entry = approvals.get(id);
      return entry === undefined ? undefined : toRecord(entry);
    },

    async list(filter = {}) {
      const status = filter.status ?? "pending";
      const after = filter.after;
      const matching = [...approvals.values()].filter(
        (entry) =>
          entry.status === status &&
          (filter.runId === undefined || entry.runId === filter.runId) &&
          (filter.runIds === undefined || filter.runIds.includes(entry.runId)) &&
          (after === undefined ||
            compareText(entry.createdAt, after.createdAt) > 0 ||
            (entry.createdAt === after.createdAt && compareText(entry.id, after.id) > 0)),
      );
      const sorted = sortBy(matching, { key: (entry) => entry.createdAt }, { key: (entry) => entry.id });
      return applyLimit(sorted, filter.limit).map(toRecord);
    },

    async decide(id, decision) {
      const entry = approvals.get(id);
      if (entry === undefined) throw unknownApprovalError(id);
      if (entry.status !== "pending") throw approvalDecidedError(entry);
      const decided: ApprovalEntry = {
        ...entry,
        status: decision.status,
        decidedBy: decision.decidedBy,
        ...(decision.enteredBy === undefined ? {} : { enteredBy: decision.enteredBy }),
        note: decision.note ?? null,
        decidedAt: isoNow(context),
      };
      approvals.set(id, decided);
      return toRecord(decided);
    },
  };
}
