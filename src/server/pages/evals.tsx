import { z } from "zod";
import { metricLabel } from "../../eval/report/report-labels.js";
import type { EvalReport } from "../../eval/report.js";
import type { EvalSummary } from "../../store/store.js";
import { LineChartSvg } from "../charts/charts.js";
import { lineChart } from "../charts/line-chart.js";
import { type EvalSeries, evalSeries } from "../evals/eval-series.js";
import { readStoredSummary } from "../evals/stored-report.js";
import { pathTo, withQuery } from "../html/links.js";
import { Badge, Time } from "../html/values.js";
import { registerPage } from "../page.js";
import { decodeCursor, encodeCursor } from "../page-cursor.js";
import { pageLimit } from "../pagination.js";
import { routeParam } from "../route-param.js";
import type { ServerFeature } from "../server-env.js";
import { registerEvalCompare } from "./eval-compare.js";
import { registerEvalReport } from "./eval-report.js";

const evalPosition = z.strictObject({ startedAt: z.string(), id: z.string() });

/** The most evals one chart page draws. */
const maxSeriesPoints = 50;

export interface EvalListData {
  suite: string | null;
  evals: EvalSummary[];
  nextCursor: string | null;
}

export interface EvalSeriesData extends EvalSeries {
  /** The cursor of the page of older evals; null when these are the oldest. */
  olderCursor: string | null;
}

/** A point's label on a chart's x axis: `12-01 16:40`. */
const shortTime = (at: string) => at.slice(5, 16).replace("T", " ");

function Pager({
  path,
  query,
  next,
}: {
  path: string;
  query: Record<string, string | undefined>;
  next: string | null;
}) {
  return (
    <p class="pager">
      {next === null ? (
        <span class="muted">end of the list</span>
      ) : (
        <a href={withQuery(path, { ...query, cursor: next })}>next page →</a>
      )}
      {query.cursor === undefined ? null : (
        <a href={withQuery(path, { ...query, cursor: undefined })}>first page</a>
      )}
    </p>
  );
}

function CompareForm({ before, after }: { before?: string; after?: string }) {
  return (
    <form class="filters" method="get" action="/evals/compare">
      <label>
        before (eval id)
        <input name="before" value={before ?? ""} required />
      </label>
      <label>
        after (eval id)
        <input name="after" value={after ?? ""} required />
      </label>
      <button type="submit">Compare</button>
    </form>
  );
}

function seriesCharts(series: EvalSeries) {
  const labels = series.points.map((p) => shortTime(p.startedAt));
  const chart = (
    names: string[],
    value: (name: string, i: number) => number | undefined,
    label: (n: string) => string,
  ) =>
    lineChart({
      labels,
      series: names.map((name) => ({
        name: label(name),
        values: series.points.map((_, i) => value(name, i)),
      })),
    });
  return [
    {
      id: "scores-over-time",
      title: "The five scores",
      chart: chart(series.metrics, (m, i) => series.points[i]?.metrics[m], metricLabel),
    },
    {
      id: "passk-over-time",
      title: "Reliability: pass^k",
      chart: chart(
        series.ks,
        (k, i) => series.points[i]?.passHatK[k],
        (k) => `pass^${k}`,
      ),
    },
    {
      id: "kinds-over-time",
      title: "Pass rate by case kind",
      chart: chart(
        series.kinds,
        (kind, i) => series.points[i]?.byKind[kind],
        (kind) => kind,
      ),
    },
    {
      id: "perturbations-over-time",
      title: "Pass rate by perturbation",
      chart: chart(
        series.perturbations,
        (name, i) => series.points[i]?.byPerturbation[name],
        (name) => (name === "none" ? "none (base cases)" : name),
      ),
    },
  ];
}

/** Evals: the list, each suite's evals over time (charts), one eval's report, two evals compared. */
export const evalsFeature: ServerFeature = {
  name: "evals",
  nav: { href: "/evals", label: "Evals" },
  register(app, context) {
    const { store } = context;
    registerEvalCompare(app, context);

    registerPage<EvalListData>(app, context, {
      path: "/evals",
      async load(c) {
        const limit = pageLimit(c.req.query("limit"));
        const suite = c.req.query("suite") || undefined;
        const before = decodeCursor(c.req.query("cursor"), evalPosition);
        const page = await store.evals.list({
          limit: limit + 1,
          ...(suite === undefined ? {} : { suite }),
          ...(before === undefined ? {} : { before }),
        });
        const evals = page.slice(0, limit);
        const last = evals.at(-1);
        return {
          suite: suite ?? null,
          evals,
          nextCursor:
            page.length > limit && last !== undefined
              ? encodeCursor({ startedAt: last.startedAt, id: last.id })
              : null,
        };
      },
      title: (data) => (data.suite === null ? "Evals" : `Evals of ${data.suite}`),
      render: (data, c) => (
        <>
          <form class="filters" method="get" action="/evals">
            <label>
              suite
              <input name="suite" value={data.suite ?? ""} />
            </label>
            <button type="submit">Filter</button>
          </form>
          {data.evals.length === 0 ? (
            <p class="notice">
              No evals in this store{data.suite === null ? "" : ` for suite ${data.suite}`} yet: run{" "}
              <code>reins eval &lt;suite&gt;</code> on it.
            </p>
          ) : (
            <table id="evals">
              <thead>
                <tr>
                  <th>started</th>
                  <th>suite</th>
                  <th>agent</th>
                  <th>thresholds</th>
                  <th class="num">results</th>
                  <th>eval</th>
                </tr>
              </thead>
              <tbody>
                {data.evals.map((e) => (
                  <tr>
                    <td>
                      <Time at={e.startedAt} />
                    </td>
                    <td>
                      <a href={pathTo("evals", "suites", e.suite)}>{e.suite}</a>
                    </td>
                    <td>{e.agent}</td>
                    <td>{e.passed ? <Badge tone="ok">met</Badge> : <Badge tone="bad">not met</Badge>}</td>
                    <td class="num">{e.resultCount}</td>
                    <td>
                      <a href={pathTo("evals", e.id)}>{e.id}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            path="/evals"
            query={{
              suite: data.suite ?? undefined,
              limit: c.req.query("limit"),
              cursor: c.req.query("cursor"),
            }}
            next={data.nextCursor}
          />
          <h2>Compare two evals</h2>
          <CompareForm />
        </>
      ),
    });

    registerPage<EvalSeriesData>(app, context, {
      path: "/evals/suites/:suite",
      async load(c) {
        const suite = routeParam(c, "suite");
        const limit = Math.min(pageLimit(c.req.query("limit") ?? "20"), maxSeriesPoints);
        const before = decodeCursor(c.req.query("cursor"), evalPosition);
        const page = await store.evals.list({
          suite,
          limit: limit + 1,
          ...(before === undefined ? {} : { before }),
        });
        const shown = page.slice(0, limit);
        const reports: { id: string; report: EvalReport }[] = [];
        const unreadable: EvalSeries["unreadable"] = [];
        for (const summary of shown) {
          const read = await readStoredSummary(store, summary.id);
          if (read.status === "ok") reports.push({ id: summary.id, report: read.report });
          else
            unreadable.push({
              id: summary.id,
              problems: read.status === "invalid" ? read.problems : ["the report is missing"],
            });
        }
        const last = shown.at(-1);
        return {
          ...evalSeries(suite, reports, unreadable),
          olderCursor:
            page.length > limit && last !== undefined
              ? encodeCursor({ startedAt: last.startedAt, id: last.id })
              : null,
        };
      },
      title: (data) => `${data.suite}: evals over time`,
      render: (data, c) => (
        <>
          {data.points.length === 0 ? (
            <p class="notice">No readable eval of suite {data.suite} on this page.</p>
          ) : (
            <div class="charts">
              {seriesCharts(data).map((chart) => (
                <section class="card">
                  <h2>{chart.title}</h2>
                  <LineChartSvg id={chart.id} label={`${chart.title} over time`} chart={chart.chart} />
                </section>
              ))}
            </div>
          )}
          {data.unreadable.length === 0 ? null : (
            <div class="notice bad">
              <p>Evals whose stored report does not read (not charted):</p>
              <ul>
                {data.unreadable.map((u) => (
                  <li>
                    {u.id}: {u.problems.join("; ")}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <h2>The evals charted, oldest first</h2>
          <table id="series-points">
            <thead>
              <tr>
                <th>started</th>
                <th>charter version</th>
                <th>agent</th>
                <th>thresholds</th>
                <th>eval</th>
                <th>compare</th>
              </tr>
            </thead>
            <tbody>
              {data.points.map((point, i) => {
                const previous = data.points[i - 1];
                return (
                  <tr>
                    <td>
                      <Time at={point.startedAt} />
                    </td>
                    <td>{point.charterVersion}</td>
                    <td>{point.agent}</td>
                    <td>{point.passed ? <Badge tone="ok">met</Badge> : <Badge tone="bad">not met</Badge>}</td>
                    <td>
                      <a href={pathTo("evals", point.id)}>{point.id}</a>
                    </td>
                    <td>
                      {previous === undefined ? (
                        <span class="muted">—</span>
                      ) : (
                        <a href={withQuery("/evals/compare", { before: previous.id, after: point.id })}>
                          with the one before
                        </a>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="pager">
            {data.olderCursor === null ? (
              <span class="muted">these are the oldest</span>
            ) : (
              <a
                href={withQuery(pathTo("evals", "suites", data.suite), {
                  cursor: data.olderCursor,
                  limit: c.req.query("limit"),
                })}
              >
                older evals →
              </a>
            )}
          </p>
        </>
      ),
    });

    registerEvalReport(app, context);
  },
};
