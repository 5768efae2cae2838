import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { compareReports, type ReportComparison } from "../../eval/report/compare-reports.js";
import { versionWarning } from "../../eval/report/compare-versions.js";
import { formatPointDelta, metricLabel } from "../../eval/report/report-labels.js";
import type { EvalReport } from "../../eval/report.js";
import { percent } from "../charts/charts.js";
import { NotFoundError } from "../error-status.js";
import { readStoredReport } from "../evals/stored-report.js";
import { pathTo } from "../html/links.js";
import { Badge, Time } from "../html/values.js";
import { registerPage } from "../page.js";
import type { ServerApp, ServerContext } from "../server-env.js";

interface ComparedEval {
  id: string;
  suite: string;
  agent: string;
  startedAt: string;
  charterVersion: string;
}

export interface EvalCompareData {
  before: ComparedEval;
  after: ComparedEval;
  /** What `reins compare` computes, and its versions warning (null when at most one thing changed). */
  comparison: ReportComparison;
  warning: string | null;
}

function describe(id: string, report: EvalReport): ComparedEval {
  return {
    id,
    suite: report.suite,
    agent: report.agent,
    startedAt: report.startedAt,
    charterVersion: report.charter.version,
  };
}

async function readOne(context: ServerContext, id: string, side: "before" | "after"): Promise<EvalReport> {
  const read = await readStoredReport(context.store, id);
  if (read.status === "missing") throw new NotFoundError(`no eval "${id}" in this store (${side})`);
  if (read.status === "invalid")
    throw new UserError({
      code: ErrorCode.ReportInvalid,
      message: `the stored report of eval ${id} does not read as an eval report: ${read.problems.join("; ")}`,
      path: side,
    });
  return read.report;
}

function Changes({ id, rows }: { id: string; rows: ReportComparison["regressions"] }) {
  if (rows.length === 0) return <p class="muted">None.</p>;
  return (
    <table id={id}>
      <thead>
        <tr>
          <th>case</th>
          <th>impact</th>
          <th>category</th>
          <th class="num">before</th>
          <th class="num">after</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <td>
              {row.caseId}
              {row.perturbation === null ? null : <span class="muted"> ({row.perturbation})</span>}
            </td>
            <td>{row.impact}</td>
            <td>{metricLabel(row.metric)}</td>
            <td class="num">{percent(row.before)}</td>
            <td class="num">{percent(row.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Two evals compared (`/evals/compare?before=&after=`): what `reins compare` computes, with its versions warning. */
export function registerEvalCompare(app: ServerApp, context: ServerContext): void {
  registerPage<EvalCompareData>(app, context, {
    path: "/evals/compare",
    async load(c) {
      const ids = { before: c.req.query("before"), after: c.req.query("after") };
      for (const side of ["before", "after"] as const)
        if (ids[side] === undefined || ids[side] === "")
          throw new UserError({
            code: ErrorCode.Usage,
            message: `compare needs two evals: ${side} is missing`,
            path: side,
            hint: "open /evals/compare?before=<eval id>&after=<eval id>, or use the form on the evals page",
          });
      const before = await readOne(context, ids.before as string, "before");
      const after = await readOne(context, ids.after as string, "after");
      const comparison = compareReports(before, after);
      return {
        before: describe(ids.before as string, before),
        after: describe(ids.after as string, after),
        comparison,
        warning: versionWarning(comparison.versions) ?? null,
      };
    },
    title: (data) => `Compare ${data.before.id} → ${data.after.id}`,
    render: (data) => {
      const { comparison } = data;
      const versions = comparison.versions;
      return (
        <>
          <div class="grid2">
            {(["before", "after"] as const).map((side) => (
              <div class="card">
                <h2>{side}</h2>
                <dl class="facts">
                  <dt>eval</dt>
                  <dd>
                    <a href={pathTo("evals", data[side].id)}>{data[side].id}</a>
                  </dd>
                  <dt>suite</dt>
                  <dd>{data[side].suite}</dd>
                  <dt>agent</dt>
                  <dd>{data[side].agent}</dd>
                  <dt>charter version</dt>
                  <dd>{data[side].charterVersion}</dd>
                  <dt>started</dt>
                  <dd>
                    <Time at={data[side].startedAt} />
                  </dd>
                </dl>
              </div>
            ))}
          </div>
          {data.warning === null ? null : (
            <p class="notice bad" id="versions-warning">
              {data.warning}
            </p>
          )}
          <section class="card" id="versions">
            <h2>What changed</h2>
            {!versions.known ? (
              <p class="muted">
                Not known: the {versions.unknownIn.join(" and ")} report
                {versions.unknownIn.length > 1 ? "s" : ""} predate versions (schemaVersion 1).
              </p>
            ) : versions.changed.length === 0 ? (
              <p>Nothing the scores depend on changed.</p>
            ) : (
              <ul>
                {versions.changed.map((change) => (
                  <li>{change.label}</li>
                ))}
              </ul>
            )}
          </section>
          <section class="card">
            <h2>Scores</h2>
            <table id="metric-changes">
              <thead>
                <tr>
                  <th>metric</th>
                  <th class="num">before</th>
                  <th class="num">after</th>
                  <th class="num">change</th>
                </tr>
              </thead>
              <tbody>
                {comparison.metrics.map((m) => (
                  <tr>
                    <td>{metricLabel(m.metric)}</td>
                    <td class="num">{percent(m.before)}</td>
                    <td class="num">{percent(m.after)}</td>
                    <td class="num">
                      {m.delta < 0 ? (
                        <Badge tone="bad">{formatPointDelta(m.delta)}</Badge>
                      ) : (
                        formatPointDelta(m.delta)
                      )}
                    </td>
                  </tr>
                ))}
                {comparison.passHatK.map((p) => (
                  <tr>
                    <td>pass^{p.k}</td>
                    <td class="num">{p.before === null ? "—" : percent(p.before)}</td>
                    <td class="num">{p.after === null ? "—" : percent(p.after)}</td>
                    <td class="num">{p.delta === null ? "—" : formatPointDelta(p.delta)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="card">
            <h2>Regressions ({comparison.regressions.length}), critical first</h2>
            <Changes id="regressions" rows={comparison.regressions} />
            <h2>Improvements ({comparison.improvements.length})</h2>
            <Changes id="improvements" rows={comparison.improvements} />
            {comparison.added.length + comparison.removed.length === 0 ? null : (
              <p class="muted">
                Only in after: {comparison.added.join(", ") || "none"} · only in before:{" "}
                {comparison.removed.join(", ") || "none"}
              </p>
            )}
          </section>
        </>
      );
    },
  });
}
