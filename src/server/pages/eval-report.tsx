import { z } from "zod";
import { redactString } from "../../audit/redact.js";
import { formatTranscript } from "../../eval/format-transcript.js";
import {
  failedChecks,
  formatCost,
  formatCount,
  formatDuration,
  kindRows,
  metricLabel,
  metricOrder,
  passHatKRows,
  perturbationRows,
  thresholdLine,
  thresholdSource,
} from "../../eval/report/report-labels.js";
import { trialResultSchema } from "../../eval/report/report-schema.js";
import type { EvalReport } from "../../eval/report.js";
import type { TrialTranscript } from "../../eval/transcript.js";
import type { TrialResult } from "../../eval/trial.js";
import { BarChartSvg, ColumnChartSvg, MiniBar, percent } from "../charts/charts.js";
import { NotFoundError } from "../error-status.js";
import { readStoredSummary } from "../evals/stored-report.js";
import { pathTo, withQuery } from "../html/links.js";
import { Badge, Time } from "../html/values.js";
import { registerPage } from "../page.js";
import { decodeCursor, encodeCursor } from "../page-cursor.js";
import { pageLimit } from "../pagination.js";
import { routeParam } from "../route-param.js";
import type { ServerApp, ServerContext } from "../server-env.js";

/** A failed trial as the page lists it: the stored result, or why it does not read. */
export type FailureRow =
  | { status: "ok"; result: TrialResult; transcript: string | null }
  | { status: "invalid"; problems: string[] };

export interface EvalReportData {
  id: string;
  /** The report without its results (they are paged below), or why it does not read. */
  report: Omit<EvalReport, "results"> | null;
  problems: string[];
  failures: FailureRow[];
  /** Whether the eval kept transcripts (`reins eval --trace`). */
  traced: boolean;
  nextCursor: string | null;
}

export interface TranscriptData {
  evalId: string;
  caseId: string;
  trial: number;
  passed: boolean | null;
  /** The transcript as `reins show` prints it, every recognisable secret redacted. */
  text: string;
}

const positionCursor = z.strictObject({ after: z.number().int().min(0) });

/** The link to a trial's transcript page. */
export function transcriptPath(evalId: string, caseId: string, trial: number): string {
  return pathTo("evals", evalId, "cases", caseId, "trials", String(trial));
}

function readFailure(data: unknown): FailureRow {
  const parsed = trialResultSchema.safeParse(data);
  if (parsed.success) return { status: "ok", result: parsed.data as TrialResult, transcript: null };
  return {
    status: "invalid",
    problems: parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(result)"}: ${issue.message}`),
  };
}

function ReportHead({ report }: { report: Omit<EvalReport, "results"> }) {
  const verdict =
    report.thresholds.checks.length === 0 ? (
      <Badge>no thresholds set</Badge>
    ) : report.thresholds.passed ? (
      <Badge tone="ok">thresholds met</Badge>
    ) : (
      <Badge tone="bad">thresholds not met</Badge>
    );
  return (
    <div class="card">
      <dl class="facts">
        <dt>suite</dt>
        <dd>
          <a href={pathTo("evals", "suites", report.suite)}>{report.suite}</a> {verdict}
        </dd>
        <dt>agent</dt>
        <dd>
          {report.agent}
          {report.model === null ? "" : ` (${report.model})`}
        </dd>
        <dt>charter</dt>
        <dd>
          {report.charter.name} v{report.charter.version}
        </dd>
        <dt>size</dt>
        <dd>
          {report.caseCount} cases × {report.trials} trials · {formatDuration(report.durationMs)}
        </dd>
        <dt>started</dt>
        <dd>
          <Time at={report.startedAt} />
        </dd>
        <dt>usage</dt>
        <dd>
          {formatCount(report.usage.modelCalls)} model calls · {formatCount(report.usage.inputTokens)} in /{" "}
          {formatCount(report.usage.outputTokens)} out tokens · {formatCost(report.usage.costUsd)}
        </dd>
      </dl>
    </div>
  );
}

function Breakdowns({
  title,
  id,
  rows,
}: {
  title: string;
  id: string;
  rows: [string, EvalReport["byPerturbation"][string]][];
}) {
  return (
    <section class="card">
      <h2>{title}</h2>
      <table id={id}>
        <thead>
          <tr>
            <th>{id === "by-kind" ? "kind" : "perturbation"}</th>
            <th class="num">cases</th>
            <th class="num">trials</th>
            <th>pass rate</th>
            {metricOrder.map((m) => (
              <th>{metricLabel(m)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, b]) => (
            <tr>
              <td>{name}</td>
              <td class="num">{b.cases}</td>
              <td class="num">{b.trials}</td>
              <td>
                <MiniBar share={b.passRate} />
              </td>
              {metricOrder.map((m) => (
                <td>{percent(b.metrics[m])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Failures({ data }: { data: EvalReportData }) {
  if (data.failures.length === 0)
    return <p class="notice ok">No failed trial{data.nextCursor === null ? "" : " on this page"}.</p>;
  return (
    <table id="failures">
      <thead>
        <tr>
          <th>case</th>
          <th>trial</th>
          <th>impact</th>
          <th>kind</th>
          <th>decision (expected)</th>
          <th>failures</th>
          <th>transcript</th>
        </tr>
      </thead>
      <tbody>
        {data.failures.map((row) =>
          row.status === "invalid" ? (
            <tr>
              <td colspan={7} class="muted">
                a stored result that does not read: {row.problems.join("; ")}
              </td>
            </tr>
          ) : (
            <tr>
              <td>
                {row.result.caseId}
                {row.result.perturbation === null ? null : <div class="muted">{row.result.perturbation}</div>}
              </td>
              <td class="num">{row.result.trial}</td>
              <td>
                <Badge
                  tone={row.result.impact === "critical" || row.result.impact === "high" ? "bad" : "warn"}
                >
                  {row.result.impact}
                </Badge>
              </td>
              <td>{row.result.kind}</td>
              <td>
                {row.result.decision ?? "—"}{" "}
                <span class="muted">({row.result.expectedDecision ?? "none"})</span>
              </td>
              <td>
                <ul>
                  {row.result.failures.map((f) => (
                    <li>
                      <strong>{metricLabel(f.category)}</strong>: {f.message}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                {row.transcript === null ? (
                  <span class="muted">not kept</span>
                ) : (
                  <a class="transcript-link" href={row.transcript}>
                    transcript
                  </a>
                )}
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

/** One eval's report (`/evals/:id`, failures paged and linked to their transcripts) and one trial's transcript. */
export function registerEvalReport(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  registerPage<EvalReportData>(app, context, {
    path: "/evals/:id",
    async load(c) {
      const id = routeParam(c, "id");
      const read = await readStoredSummary(store, id);
      if (read.status === "missing") throw new NotFoundError(`no eval "${id}" in this store`);
      const limit = pageLimit(c.req.query("limit"));
      const after = decodeCursor(c.req.query("cursor"), positionCursor)?.after;
      const page = await store.evals.resultPage(id, {
        limit,
        passed: false,
        ...(after === undefined ? {} : { after }),
      });
      const failures = page.results.map((r) => readFailure(r.data));
      const first = failures.find((f) => f.status === "ok");
      // `--trace` keeps every trial's transcript or none: one look tells for the whole eval.
      const traced =
        first?.status === "ok" &&
        (await store.evals.transcripts(id, { caseId: first.result.caseId, trial: first.result.trial }))
          .length > 0;
      const { results: _results, ...report } = read.status === "ok" ? read.report : { results: [] };
      return {
        id,
        report: read.status === "ok" ? (report as Omit<EvalReport, "results">) : null,
        problems: read.status === "invalid" ? read.problems : [],
        failures: failures.map((f) =>
          f.status === "ok" && traced
            ? { ...f, transcript: transcriptPath(id, f.result.caseId, f.result.trial) }
            : f,
        ),
        traced,
        nextCursor: page.next === null ? null : encodeCursor({ after: page.next }),
      };
    },
    title: (data) => (data.report === null ? `Eval ${data.id}` : `${data.report.suite}: eval ${data.id}`),
    render: (data, c) => {
      const report = data.report;
      if (report === null)
        return (
          <div class="notice bad">
            <p>The stored report of eval {data.id} does not read as an eval report:</p>
            <ul>
              {data.problems.map((p) => (
                <li>{p}</li>
              ))}
            </ul>
          </div>
        );
      const full = { ...report, results: [] } as EvalReport;
      return (
        <>
          <ReportHead report={report} />
          <div class="charts">
            <section class="card" id="scores">
              <h2>Scores by category</h2>
              <BarChartSvg
                id="metrics-chart"
                label="Scores by category"
                rows={metricOrder.map((m) => {
                  const required = report.thresholds.checks.find((check) => check.metric === m)?.required;
                  return {
                    label: metricLabel(m),
                    share: report.metrics[m],
                    failed: failedChecks(full, m).length > 0,
                    ...(required === undefined ? {} : { required }),
                  };
                })}
              />
              {report.thresholds.checks.length > 0 ? (
                <p class="muted">Dashed line: the category's threshold.</p>
              ) : null}
            </section>
            <section class="card" id="pass-hat-k">
              <h2>Reliability: pass^k</h2>
              <ColumnChartSvg
                id="passk-chart"
                label="pass^k by k"
                columns={passHatKRows(report.passHatK).map(([k, share]) => ({ label: `k = ${k}`, share }))}
              />
              <p class="muted">The chance that k trials of a case all succeed, averaged over cases.</p>
            </section>
          </div>
          <Breakdowns title="By kind" id="by-kind" rows={kindRows(full)} />
          <Breakdowns title="By perturbation" id="by-perturbation" rows={perturbationRows(full)} />
          <section class="card" id="thresholds">
            <h2>Thresholds</h2>
            {report.thresholds.checks.length === 0 ? (
              <p class="muted">None set.</p>
            ) : (
              <ul>
                {report.thresholds.checks.map((check) => (
                  <li>
                    {check.passed ? <Badge tone="ok">pass</Badge> : <Badge tone="bad">fail</Badge>}{" "}
                    {thresholdLine(check)} <span class="muted">({thresholdSource(check)})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" id="failures-section">
            <h2>Failed trials</h2>
            {data.traced ? null : (
              <p class="muted">
                This eval kept no transcripts: run <code>reins eval &lt;suite&gt; --trace</code> to link each
                failure to what happened.
              </p>
            )}
            <Failures data={data} />
            <p class="pager">
              {data.nextCursor === null ? null : (
                <a
                  href={withQuery(pathTo("evals", data.id), {
                    cursor: data.nextCursor,
                    limit: c.req.query("limit"),
                  })}
                >
                  more failures →
                </a>
              )}
              <a href={withQuery("/evals/compare", { after: data.id })}>compare with another eval</a>
            </p>
          </section>
        </>
      );
    },
  });

  registerPage<TranscriptData>(app, context, {
    path: "/evals/:id/cases/:caseId/trials/:trial",
    async load(c) {
      const evalId = routeParam(c, "id");
      const caseId = routeParam(c, "caseId");
      const trial = Number(routeParam(c, "trial"));
      if (!Number.isInteger(trial))
        throw new NotFoundError(`no trial "${routeParam(c, "trial")}": trials are numbers`);
      if ((await store.evals.get(evalId)) === undefined)
        throw new NotFoundError(`no eval "${evalId}" in this store`);
      const [transcript] = await store.evals.transcripts(evalId, { caseId, trial });
      if (transcript === undefined)
        throw new NotFoundError(
          `eval ${evalId} kept no transcript of case ${caseId} trial ${trial} (was it run with --trace?)`,
        );
      const data = transcript.data as TrialTranscript;
      let text: string;
      try {
        text = formatTranscript(data, evalId);
      } catch {
        // A stored transcript of another shape is still shown, as JSON, never dropped.
        text = JSON.stringify(transcript.data, null, 2);
      }
      return {
        evalId,
        caseId,
        trial,
        passed: typeof data?.passed === "boolean" ? data.passed : null,
        text: redactString(text),
      };
    },
    title: (data) => `Transcript: ${data.caseId}, trial ${data.trial}`,
    render: (data) => (
      <>
        <p>
          <a href={pathTo("evals", data.evalId)}>← eval {data.evalId}</a>{" "}
          {data.passed === null ? null : data.passed ? (
            <Badge tone="ok">passed</Badge>
          ) : (
            <Badge tone="bad">failed</Badge>
          )}
        </p>
        <pre id="transcript" class="transcript">
          {data.text}
        </pre>
      </>
    ),
  });
}
