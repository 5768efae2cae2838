import type { Insertable, Kysely, Selectable, Transaction } from "kysely";
import { ErrorCode } from "../../errors/codes.js";
import { SystemError } from "../../errors/reins-error.js";
import type { Database, EvalResultsTable, EvalsTable, EvalTranscriptsTable } from "../database.js";
import { fromJsonText, toJsonText } from "../json-text.js";
import type { EvalResultRecord, EvalSummary, NewEvalResult, Store } from "../store.js";
import type { SqlContext } from "./sql-context.js";

/**
 * Result rows per insert statement. Each row binds 7 variables, so a statement binds at most 3,500: under SQLite's
 * limit (32,766 since 3.32; better-sqlite3 bundles a later SQLite) and PostgreSQL's 65,535.
 */
const resultRowsPerStatement = 500;

/** The perturbation of a base case's result. */
const basePerturbation = "none";

type Executor = Kysely<Database> | Transaction<Database>;

function toSummary(row: Selectable<EvalsTable>): EvalSummary {
  return {
    id: row.id,
    suite: row.suite,
    agent: row.agent,
    startedAt: row.started_at,
    passed: row.passed === 1,
    resultCount: row.result_count,
    status: row.status === "running" ? "running" : "finished",
  };
}

function toResult(row: Selectable<EvalResultsTable>): EvalResultRecord {
  return {
    caseId: row.case_id,
    // Rows written before migration 0009 have none: they were saved whole, base and derived cases by their own ids.
    perturbation: row.perturbation ?? basePerturbation,
    trial: row.trial,
    passed: row.passed === 1,
    data: fromJsonText(row.data),
  };
}

function noSuchEval(id: string, doing: string): SystemError {
  return new SystemError({
    code: ErrorCode.StoreFailure,
    message: `cannot ${doing} evaluation "${id}": the store has no evaluation with that id`,
  });
}

function finishedEval(id: string, doing: string): SystemError {
  return new SystemError({
    code: ErrorCode.StoreFailure,
    message: `cannot ${doing} evaluation "${id}": it is finished`,
  });
}

/** The rows of a batch, serialised, each key once (the first), positions from `start` on. */
function rowsOf(
  id: string,
  results: readonly NewEvalResult[],
  start: { results: number; transcripts: number },
): { results: Insertable<EvalResultsTable>[]; transcripts: Insertable<EvalTranscriptsTable>[] } {
  const seen = new Set<string>();
  const rows: Insertable<EvalResultsTable>[] = [];
  const transcripts: Insertable<EvalTranscriptsTable>[] = [];
  for (const result of results) {
    const perturbation = result.perturbation ?? basePerturbation;
    const key = JSON.stringify([result.caseId, perturbation, result.trial]);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({
      eval_id: id,
      position: start.results + rows.length,
      case_id: result.caseId,
      perturbation,
      trial: result.trial,
      passed: result.passed ? 1 : 0,
      data: toJsonText(result.data),
    });
    if (result.transcript !== undefined)
      transcripts.push({
        eval_id: id,
        position: start.transcripts + transcripts.length,
        case_id: result.caseId,
        perturbation,
        trial: result.trial,
        data: toJsonText(result.transcript),
      });
  }
  return { results: rows, transcripts };
}

/** Inserts rows in statements of {@link resultRowsPerStatement}, a key already stored kept; answers how many were new. */
async function insertKept(
  trx: Executor,
  table: "eval_results" | "eval_transcripts",
  rows: readonly (Insertable<EvalResultsTable> | Insertable<EvalTranscriptsTable>)[],
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += resultRowsPerStatement) {
    const [result] = await trx
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: both tables share these columns; `passed` only in results.
      .values(rows.slice(start, start + resultRowsPerStatement) as any)
      .onConflict((conflict) => conflict.columns(["eval_id", "case_id", "perturbation", "trial"]).doNothing())
      .execute();
    inserted += Number(result?.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

/** The next free position of an evaluation's results or transcripts (positions only grow; a kept key leaves a gap). */
async function nextPosition(trx: Executor, table: "eval_results" | "eval_transcripts", id: string) {
  const row = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.max("position").as("last"))
    .where("eval_id", "=", id)
    .executeTakeFirst();
  const last = row?.last;
  return last === null || last === undefined ? 0 : Number(last) + 1;
}

/**
 * `Store["evals"]` over Kysely, in portable SQL (SQLite and PostgreSQL). Results keep their insertion order through
 * a `position` column and are unique by (eval, case, perturbation, trial). `putResults` first updates the
 * evaluation's row: that takes its row lock (PostgreSQL) or the write lock (SQLite) before the next position is read,
 * so that writers of one evaluation take turns and never hand out a position twice.
 */
export function sqlEvals(context: SqlContext): Store["evals"] {
  const { db } = context;

  /** Adds a batch under the evaluation's lock; answers how many results were new. */
  async function put(trx: Executor, id: string, results: readonly NewEvalResult[]): Promise<number> {
    const locked = await trx
      .updateTable("evals")
      .set((eb) => ({ result_count: eb.ref("result_count") }))
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(locked.numUpdatedRows) === 0) throw noSuchEval(id, "add results to");
    const row = await trx.selectFrom("evals").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    if (row.status !== "running") throw finishedEval(id, "add results to");
    if (results.length === 0) return 0;
    const rows = rowsOf(id, results, {
      results: await nextPosition(trx, "eval_results", id),
      transcripts: await nextPosition(trx, "eval_transcripts", id),
    });
    const inserted = await insertKept(trx, "eval_results", rows.results);
    await insertKept(trx, "eval_transcripts", rows.transcripts);
    if (inserted > 0)
      await trx
        .updateTable("evals")
        .set((eb) => ({ result_count: eb("result_count", "+", inserted) }))
        .where("id", "=", id)
        .execute();
    return inserted;
  }

  return {
    async save(record) {
      // Serialised before the transaction opens, so that the write lock is held only for the inserts.
      const rows = rowsOf(record.id, record.results, { results: 0, transcripts: 0 });
      const transcripts: Insertable<EvalTranscriptsTable>[] = (record.transcripts ?? []).map(
        (transcript, position) => ({
          eval_id: record.id,
          position,
          case_id: transcript.caseId,
          perturbation: basePerturbation,
          trial: transcript.trial,
          data: toJsonText(transcript.data),
        }),
      );
      if (rows.results.length < record.results.length)
        throw new SystemError({
          code: ErrorCode.StoreFailure,
          message: `cannot save evaluation "${record.id}": two of its results have the same case, perturbation and trial`,
        });
      const evalRow: Insertable<EvalsTable> = {
        id: record.id,
        suite: record.suite,
        agent: record.agent,
        started_at: record.startedAt,
        passed: record.passed ? 1 : 0,
        report: toJsonText(record.report),
        result_count: rows.results.length,
        status: "finished",
        plan: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto("evals").values(evalRow).execute();
        for (let start = 0; start < rows.results.length; start += resultRowsPerStatement) {
          await trx
            .insertInto("eval_results")
            .values(rows.results.slice(start, start + resultRowsPerStatement))
            .execute();
        }
        for (let start = 0; start < transcripts.length; start += resultRowsPerStatement) {
          await trx
            .insertInto("eval_transcripts")
            .values(transcripts.slice(start, start + resultRowsPerStatement))
            .execute();
        }
      });
    },

    async begin(record) {
      await db
        .insertInto("evals")
        .values({
          id: record.id,
          suite: record.suite,
          agent: record.agent,
          started_at: record.startedAt,
          passed: 0,
          report: toJsonText(null),
          result_count: 0,
          status: "running",
          plan: toJsonText(record.plan),
        })
        .execute();
    },

    async putResults(id, results) {
      return db.transaction().execute((trx) => put(trx, id, results));
    },

    async completedKeys(id) {
      const rows = await db
        .selectFrom("eval_results")
        .select(["case_id", "perturbation", "trial"])
        .where("eval_id", "=", id)
        .orderBy("position", "asc")
        .execute();
      return rows.map((row) => ({
        caseId: row.case_id,
        perturbation: row.perturbation ?? basePerturbation,
        trial: row.trial,
      }));
    },

    async finish(id, outcome) {
      const done = await db
        .updateTable("evals")
        .set({ status: "finished", passed: outcome.passed ? 1 : 0, report: toJsonText(outcome.report) })
        .where("id", "=", id)
        .where("status", "=", "running")
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) > 0) return;
      const row = await db.selectFrom("evals").select("id").where("id", "=", id).executeTakeFirst();
      throw row === undefined ? noSuchEval(id, "finish") : finishedEval(id, "finish");
    },

    async list(filter = {}) {
      let query = db.selectFrom("evals").selectAll();
      if (filter.suite !== undefined) query = query.where("suite", "=", filter.suite);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      const { before } = filter;
      if (before !== undefined)
        query = query.where((eb) =>
          eb.or([
            eb("started_at", "<", before.startedAt),
            eb.and([eb("started_at", "=", before.startedAt), eb("id", "<", before.id)]),
          ]),
        );
      query = query.orderBy("started_at", "desc").orderBy("id", "desc");
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toSummary);
    },

    async info(id) {
      const row = await db.selectFrom("evals").selectAll().where("id", "=", id).executeTakeFirst();
      if (row === undefined) return undefined;
      return { ...toSummary(row), plan: row.plan === null ? null : fromJsonText(row.plan) };
    },

    async get(id) {
      const row = await db
        .selectFrom("evals")
        .select(["report", "status"])
        .where("id", "=", id)
        .executeTakeFirst();
      return row === undefined || row.status === "running" ? undefined : fromJsonText(row.report);
    },

    async results(id) {
      const rows = await db
        .selectFrom("eval_results")
        .selectAll()
        .where("eval_id", "=", id)
        .orderBy("position", "asc")
        .execute();
      return rows.map(toResult);
    },

    async resultPage(id, page) {
      let query = db.selectFrom("eval_results").selectAll().where("eval_id", "=", id);
      if (page.after !== undefined) query = query.where("position", ">", page.after);
      if (page.passed !== undefined) query = query.where("passed", "=", page.passed ? 1 : 0);
      if (page.caseId !== undefined) query = query.where("case_id", "=", page.caseId);
      // One row more than asked tells whether another page follows.
      const rows = await query
        .orderBy("position", "asc")
        .limit(page.limit + 1)
        .execute();
      const shown = rows.slice(0, page.limit);
      const last = shown.at(-1);
      return {
        results: shown.map(toResult),
        next: rows.length > page.limit && last !== undefined ? last.position : null,
      };
    },

    async transcripts(id, filter = {}) {
      let query = db
        .selectFrom("eval_transcripts")
        .select(["case_id", "trial", "data"])
        .where("eval_id", "=", id);
      if (filter.caseId !== undefined) query = query.where("case_id", "=", filter.caseId);
      if (filter.trial !== undefined) query = query.where("trial", "=", filter.trial);
      const rows = await query.orderBy("position", "asc").execute();
      return rows.map((row) => ({ caseId: row.case_id, trial: row.trial, data: fromJsonText(row.data) }));
    },
  };
}
