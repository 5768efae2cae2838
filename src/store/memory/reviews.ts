import { fromJsonText, toJsonText } from "../json-text.js";
import type { AuditEventInput, ReviewRecord, Store } from "../store.js";
import { compareText, isoNow, type MemoryContext, sortBy } from "./memory-context.js";

/** A review as kept in memory: its correction as JSON text, as SQL keeps it. */
interface ReviewEntry extends Omit<ReviewRecord, "correction"> {
  correction: string | null;
}

function toRecord(entry: ReviewEntry): ReviewRecord {
  return {
    ...entry,
    correction:
      entry.correction === null ? null : (fromJsonText(entry.correction) as ReviewRecord["correction"]),
  };
}

/**
 * `Store["reviews"]` in memory: entries are added, never changed. `append` writes the review's event through
 * `appendEvent` without yielding in between, so no one sees one without the other.
 */
export function memoryReviews(
  context: MemoryContext,
  appendEvent: (event: AuditEventInput) => void,
): Store["reviews"] {
  const reviews = new Map<string, ReviewEntry>();
  return {
    async append(review, event) {
      if (reviews.has(review.id)) throw new Error(`a review with id "${review.id}" already exists`);
      const entry: ReviewEntry = {
        id: review.id,
        runId: review.runId,
        reviewer: review.reviewer,
        ...(review.enteredBy === undefined ? {} : { enteredBy: review.enteredBy }),
        createdAt: isoNow(context),
        schemaVersion: 1,
        outcome: review.outcome,
        errorType: review.errorType,
        correction: review.correction === null ? null : toJsonText(review.correction),
        rootCause: review.rootCause,
        retrainingPriority: review.retrainingPriority,
        note: review.note,
      };
      const record = toRecord(entry);
      const audited = event?.(record);
      if (audited !== undefined) appendEvent(audited);
      reviews.set(entry.id, entry);
      return record;
    },

    async get(id) {
      const entry = reviews.get(id);
      return entry === undefined ? undefined : toRecord(entry);
    },

    async list(filter = {}) {
      const matching = [...reviews.values()].filter(
        (entry) =>
          (filter.runId === undefined || entry.runId === filter.runId) &&
          (filter.runIds === undefined || filter.runIds.includes(entry.runId)) &&
          (filter.reviewer === undefined || entry.reviewer === filter.reviewer) &&
          (filter.since === undefined || compareText(entry.createdAt, filter.since) >= 0),
      );
      return sortBy(matching, { key: (entry) => entry.createdAt }, { key: (entry) => entry.id }).map(
        toRecord,
      );
    },
  };
}
