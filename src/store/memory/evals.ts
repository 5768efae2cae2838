import { fromJsonText, toJsonText } from "../json-text.js";
import type { EvalResultRecord, EvalSummary, EvalTranscriptRecord, Store } from "../store.js";
import { applyLimit, sortBy } from "./memory-context.js";

/** A result as kept in memory: its data as JSON text. */
interface ResultEntry extends Omit<EvalResultRecord, "data"> {
  data: string;
}

/** A transcript as kept in memory: its data as JSON text. */
interface TranscriptEntry extends Omit<EvalTranscriptRecord, "data"> {
  data: string;
}

interface EvalEntry {
  summary: EvalSummary;
  report: string;
  results: ResultEntry[];
  transcripts: TranscriptEntry[];
}

/** `Store["evals"]` in memory. A save is all or nothing: everything is serialised before anything is stored. */
export function memoryEvals(): Store["evals"] {
  const evals = new Map<string, EvalEntry>();
  return {
    async save(record) {
      if (evals.has(record.id)) throw new Error(`an evaluation with id "${record.id}" already exists`);
      const results = record.results.map((result) => ({
        caseId: result.caseId,
        trial: result.trial,
        passed: result.passed,
        data: toJsonText(result.data),
      }));
      const transcripts = (record.transcripts ?? []).map((transcript) => ({
        caseId: transcript.caseId,
        trial: transcript.trial,
        data: toJsonText(transcript.data),
      }));
      evals.set(record.id, {
        summary: {
          id: record.id,
          suite: record.suite,
          agent: record.agent,
          startedAt: record.startedAt,
          passed: record.passed,
          resultCount: results.length,
        },
        report: toJsonText(record.report),
        results,
        transcripts,
      });
    },

    async list(filter = {}) {
      const summaries = [...evals.values()]
        .map((entry) => entry.summary)
        .filter((summary) => filter.suite === undefined || summary.suite === filter.suite);
      const sorted = sortBy(
        summaries,
        { key: (summary) => summary.startedAt, desc: true },
        { key: (summary) => summary.id, desc: true },
      );
      return applyLimit(sorted, filter.limit).map((summary) => ({ ...summary }));
    },

    async get(id) {
      const entry = evals.get(id);
      return entry === undefined ? undefined : fromJsonText(entry.report);
    },

    async results(id) {
      return (evals.get(id)?.results ?? []).map((result) => ({ ...result, data: fromJsonText(result.data) }));
    },

    async transcripts(id, filter = {}) {
      return (evals.get(id)?.transcripts ?? [])
        .filter(
          (entry) =>
            (filter.caseId === undefined || entry.caseId === filter.caseId) &&
            (filter.trial === undefined || entry.trial === filter.trial),
        )
        .map((entry) => ({ caseId: entry.caseId, trial: entry.trial, data: fromJsonText(entry.data) }));
    },
  };
}
