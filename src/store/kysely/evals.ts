import type { Insertable, Selectable } from "kysely";
import type { EvalResultsTable, EvalsTable, EvalTranscriptsTable } from "../database.js";
import { fromJsonText, toJsonText } from "../json-text.js";
import type { EvalResultRecord, EvalSummary, Store } from "../store.js";
import type { SqlContext } from "./sql-context.js";

/**
 * Result rows per insert statement. Each row binds 6 variables, so a statement binds at most 3,000: under SQLite's
 * limit (32,766 since 3.32; better-sqlite3 bundles a later SQLite) and PostgreSQL's 65,535.
 */
const resultRowsPerStatement = 500;

function toSummary(row: Selectable<EvalsTable>): EvalSummary {
  return {
    id: row.id,
    suite: row.suite,
    agent: row.agent,
    startedAt: row.started_at,
    passed: row.passed === 1,
    resultCount: row.result_count,
  };
}

function toResult(row: Selectable<EvalResultsTable>): EvalResultRecord {
  return {
    caseId: row.case_id,
    trial: row.trial,
    passed: row.passed === 1,
    data: fromJsonText(row.data),
  };
}

/**
 * `Store["evals"]` over Kysely. A save is one transaction: the evaluation row, then its results in multi-row inserts
 * of {@link resultRowsPerStatement}. Results keep their saved order through a `position` column.
 */
export function sqlEvals(context: SqlContext): Store["evals"] {
  const { db } = context;
  return {
    async save(record) {
      // Serialised before the transaction opens, so that the write lock is held only for the inserts.
      const rows: Insertable<EvalResultsTable>[] = record.results.map((result, position) => ({
        eval_id: record.id,
        position,
        case_id: result.caseId,
        trial: result.trial,
        passed: result.passed ? 1 : 0,
        data: toJsonText(result.data),
      }));
      const transcripts: Insertable<EvalTranscriptsTable>[] = (record.transcripts ?? []).map(
        (transcript, position) => ({
          eval_id: record.id,
          position,
          case_id: transcript.caseId,
          trial: transcript.trial,
          data: toJsonText(transcript.data),
        }),
      );
      const evalRow: Insertable<EvalsTable> = {
        id: record.id,
        suite: record.suite,
        agent: record.agent,
        started_at: record.startedAt,
        passed: record.passed ? 1 : 0,
        report: toJsonText(record.report),
        result_count: rows.length,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto("evals").values(evalRow).execute();
        for (let start = 0; start < rows.length; start += resultRowsPerStatement) {
          await trx
            .insertInto("eval_results")
            .values(rows.slice(start, start + resultRowsPerStatement))
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

    async list(filter = {}) {
      let query = db.selectFrom("evals").selectAll();
      if (filter.suite !== undefined) query = query.where("suite", "=", filter.suite);
      query = query.orderBy("started_at", "desc").orderBy("id", "desc");
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toSummary);
    },

    async get(id) {
      const row = await db.selectFrom("evals").select("report").where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : fromJsonText(row.report);
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
