import { ErrorCode } from "../../errors/codes.js";
import { SystemError } from "../../errors/reins-error.js";
import { fromJsonText, toJsonText } from "../json-text.js";
import type { EvalResultKey, EvalSummary, NewEvalResult, Store } from "../store.js";
import { applyLimit, compareText, sortBy } from "./memory-context.js";

/** A result as kept in memory: its data as JSON text. */
interface ResultEntry extends EvalResultKey {
  passed: boolean;
  data: string;
}

/** A transcript as kept in memory: its data as JSON text. */
interface TranscriptEntry {
  caseId: string;
  trial: number;
  data: string;
}

interface EvalEntry {
  summary: EvalSummary;
  plan: string | null;
  report: string;
  results: ResultEntry[];
  /** The keys of `results`, as {@link keyOf} writes them. */
  keys: Set<string>;
  transcripts: TranscriptEntry[];
  /** The keys of the transcripts written by `putResults`. */
  transcriptKeys: Set<string>;
}

const basePerturbation = "none";

function keyOf(caseId: string, perturbation: string, trial: number): string {
  return JSON.stringify([caseId, perturbation, trial]);
}

function failure(message: string): SystemError {
  return new SystemError({ code: ErrorCode.StoreFailure, message });
}

/** A batch serialised, each key once (the first). */
function entriesOf(results: readonly NewEvalResult[]) {
  const seen = new Set<string>();
  const entries: { key: string; result: ResultEntry; transcript?: TranscriptEntry }[] = [];
  for (const result of results) {
    const perturbation = result.perturbation ?? basePerturbation;
    const key = keyOf(result.caseId, perturbation, result.trial);
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({
      key,
      result: {
        caseId: result.caseId,
        perturbation,
        trial: result.trial,
        passed: result.passed,
        data: toJsonText(result.data),
      },
      ...(result.transcript === undefined
        ? {}
        : {
            transcript: {
              caseId: result.caseId,
              trial: result.trial,
              data: toJsonText(result.transcript),
            },
          }),
    });
  }
  return entries;
}

/**
 * `Store["evals"]` in memory. A save or a batch of results is all or nothing: everything is serialised before
 * anything is stored.
 */
export function memoryEvals(): Store["evals"] {
  const evals = new Map<string, EvalEntry>();
  const running = (id: string, doing: string): EvalEntry => {
    const entry = evals.get(id);
    if (entry === undefined)
      throw failure(`cannot ${doing} evaluation "${id}": the store has no evaluation with that id`);
    if (entry.summary.status !== "running")
      throw failure(`cannot ${doing} evaluation "${id}": it is finished`);
    return entry;
  };
  return {
    async save(record) {
      if (evals.has(record.id)) throw new Error(`an evaluation with id "${record.id}" already exists`);
      const entries = entriesOf(record.results);
      if (entries.length < record.results.length)
        throw failure(
          `cannot save evaluation "${record.id}": two of its results have the same case, perturbation and trial`,
        );
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
          resultCount: entries.length,
          status: "finished",
        },
        plan: null,
        report: toJsonText(record.report),
        results: entries.map((entry) => entry.result),
        keys: new Set(entries.map((entry) => entry.key)),
        transcripts,
        transcriptKeys: new Set(),
      });
    },

    async begin(record) {
      if (evals.has(record.id)) throw new Error(`an evaluation with id "${record.id}" already exists`);
      evals.set(record.id, {
        summary: {
          id: record.id,
          suite: record.suite,
          agent: record.agent,
          startedAt: record.startedAt,
          passed: false,
          resultCount: 0,
          status: "running",
        },
        plan: toJsonText(record.plan),
        report: toJsonText(null),
        results: [],
        keys: new Set(),
        transcripts: [],
        transcriptKeys: new Set(),
      });
    },

    async putResults(id, results) {
      const entry = running(id, "add results to");
      // Results and transcripts are each kept by key, as SQL's unique indexes keep them.
      let added = 0;
      for (const { key, result, transcript } of entriesOf(results)) {
        if (!entry.keys.has(key)) {
          entry.results.push(result);
          entry.keys.add(key);
          added++;
        }
        if (transcript !== undefined && !entry.transcriptKeys.has(key)) {
          entry.transcripts.push(transcript);
          entry.transcriptKeys.add(key);
        }
      }
      entry.summary.resultCount += added;
      return added;
    },

    async completedKeys(id) {
      return (evals.get(id)?.results ?? []).map(({ caseId, perturbation, trial }) => ({
        caseId,
        perturbation,
        trial,
      }));
    },

    async finish(id, outcome) {
      const entry = running(id, "finish");
      const report = toJsonText(outcome.report);
      entry.summary.status = "finished";
      entry.summary.passed = outcome.passed;
      entry.report = report;
    },

    async list(filter = {}) {
      const summaries = [...evals.values()]
        .map((entry) => entry.summary)
        .filter(
          (summary) =>
            (filter.suite === undefined || summary.suite === filter.suite) &&
            (filter.status === undefined || summary.status === filter.status) &&
            (filter.before === undefined ||
              compareText(summary.startedAt, filter.before.startedAt) < 0 ||
              (summary.startedAt === filter.before.startedAt &&
                compareText(summary.id, filter.before.id) < 0)),
        );
      const sorted = sortBy(
        summaries,
        { key: (summary) => summary.startedAt, desc: true },
        { key: (summary) => summary.id, desc: true },
      );
      return applyLimit(sorted, filter.limit).map((summary) => ({ ...summary }));
    },

    async info(id) {
      const entry = evals.get(id);
      if (entry === undefined) return undefined;
      return { ...entry.summary, plan: entry.plan === null ? null : fromJsonText(entry.plan) };
    },

    async get(id) {
      const entry = evals.get(id);
      return entry === undefined || entry.summary.status === "running"
        ? undefined
        : fromJsonText(entry.report);
    },

    async results(id) {
      return (evals.get(id)?.results ?? []).map((result) => ({ ...result, data: fromJsonText(result.data) }));
    },

    async resultPage(id, page) {
      const all = evals.get(id)?.results ?? [];
      // The cursor is a position, as in SQL; here positions are array indexes. A page reads from its cursor on,
      // and one match past the page tells whether another follows.
      const shown: { result: (typeof all)[number]; position: number }[] = [];
      let more = false;
      for (let position = Math.max(0, (page.after ?? -1) + 1); position < all.length; position++) {
        const result = all[position] as (typeof all)[number];
        if (page.passed !== undefined && result.passed !== page.passed) continue;
        if (page.caseId !== undefined && result.caseId !== page.caseId) continue;
        if (shown.length === page.limit) {
          more = true;
          break;
        }
        shown.push({ result, position });
      }
      return {
        results: shown.map(({ result }) => ({ ...result, data: fromJsonText(result.data) })),
        next: more ? (shown.at(-1)?.position ?? null) : null,
      };
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
