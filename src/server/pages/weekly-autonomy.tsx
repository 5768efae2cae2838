import { type AutonomyCheck, autonomyCheck } from "../../autonomy/autonomy-check.js";
import { collectWeeklyInputsPaged } from "../../weekly/collect-inputs.js";
import { reportPeriod } from "../../weekly/period.js";
import { buildWeeklyReport, type WeeklyReport } from "../../weekly/weekly-report.js";
import { NotFoundError } from "../error-status.js";
import { pathTo } from "../html/links.js";
import { Badge, Time } from "../html/values.js";
import { registerPage } from "../page.js";
import { pageLimit } from "../pagination.js";
import { routeParam } from "../route-param.js";
import type { ServerFeature } from "../server-env.js";

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

function Runs({ ids }: { ids: readonly string[] }) {
  return (
    <>
      {ids.map((id, i) => (
        <>
          {i > 0 ? ", " : ""}
          <a href={pathTo("review", id)}>{id}</a>
        </>
      ))}
    </>
  );
}

/** The weekly report with its heaviest failures only (`topFailuresTotal` says how many there are). */
export type WeeklyPage = WeeklyReport & { topFailuresTotal: number };

function WeeklyBody({ report }: { report: WeeklyPage }) {
  return (
    <>
      <form class="filters" method="get" action="/weekly">
        <label>
          since
          <input name="since" value={report.period.since.slice(0, 10)} />
        </label>
        <label>
          until (included)
          <input name="until" />
        </label>
        <button type="submit">Show</button>
      </form>
      <p class="muted">
        From <Time at={report.period.since} /> to <Time at={report.period.until} />: {report.counts.runs}{" "}
        runs, {report.counts.reviews} reviews, {report.counts.evals} evals ({report.counts.evalTrials}{" "}
        trials), {report.counts.shadowReports} shadow reports, {report.counts.workflowEvents} workflow events.
      </p>
      {report.empty ? <p class="notice">Nothing was recorded in this period.</p> : null}
      <section class="card" id="top-failures">
        <h2>
          Top failures, by impact ({report.topFailures.length} of {report.topFailuresTotal})
        </h2>
        {report.topFailures.length === 0 ? (
          <p class="muted">None.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>what failed</th>
                <th>impact</th>
                <th class="num">times</th>
                <th class="num">weight</th>
                <th>runs</th>
                <th>detail</th>
              </tr>
            </thead>
            <tbody>
              {report.topFailures.map((f) => (
                <tr>
                  <td>{f.label}</td>
                  <td>
                    <Badge tone={f.impact === "critical" || f.impact === "high" ? "bad" : "warn"}>
                      {f.impact}
                    </Badge>
                  </td>
                  <td class="num">{f.occurrences}</td>
                  <td class="num">{f.weight}</td>
                  <td>
                    <Runs ids={f.source === "eval" ? [] : f.exampleRuns} />
                  </td>
                  <td>{f.detail ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div class="grid2">
        <section class="card" id="clusters">
          <h2>Mistakes by error type × root cause</h2>
          {report.clusters.length === 0 ? (
            <p class="muted">None.</p>
          ) : (
            <ul>
              {report.clusters.map((c) => (
                <li>
                  {c.errorType} × {c.rootCause}: {c.count} (<Runs ids={c.exampleRuns} />)
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card" id="error-sources">
          <h2>Where mistakes came from</h2>
          <ul>
            {report.errorSources.map((s) => (
              <li>
                {s.source}: {s.reviews} reviewed runs, {s.evalCases} failed eval cases after a tool change
              </li>
            ))}
          </ul>
        </section>
        <section class="card" id="human-owned">
          <h2>Tasks that should stay with people</h2>
          {report.humanOwned.length === 0 ? (
            <p class="muted">None named by the shadow reports given.</p>
          ) : (
            <ul>
              {report.humanOwned.map((t) => (
                <li>
                  {t.charter} {t.task}: {t.agreed}/{t.n} agreed, Wilson lower {pct(t.wilsonLower)} ({t.impact}
                  ) — {t.file}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card" id="kill-switch">
          <h2>Kill switch and autonomy</h2>
          {report.killSwitch.length + report.autonomy.certificates.length === 0 ? (
            <p class="muted">No event.</p>
          ) : null}
          <ul>
            {[...report.killSwitch, ...report.autonomy.certificates].map((e) => (
              <li>
                <Time at={e.at} /> {e.charter} {e.type}: {e.detail}
              </li>
            ))}
          </ul>
          <ul>
            {report.autonomy.charters.map((c) => (
              <li>
                {c.charter}: {c.levels.map((l) => `${l.level} (${l.runs} runs)`).join(", ")}
                {c.changed ? <Badge tone="warn">changed</Badge> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
      {report.toolChanges.length === 0 ? null : (
        <section class="card" id="tool-changes">
          <h2>Tool changes</h2>
          <ul>
            {report.toolChanges.map((t) => (
              <li>
                {t.suite}: <a href={pathTo("evals", t.evalId)}>{t.evalId}</a> after {t.previousEvalId} changed{" "}
                {t.tools.join(", ")}; failed: {t.failedCases.join(", ") || "none"}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function AutonomyBody({ check }: { check: AutonomyCheck }) {
  const { current } = check;
  return (
    <>
      <div class="card">
        <dl class="facts">
          <dt>the charter asks</dt>
          <dd>{check.charterAutonomy}</dd>
          <dt>runs today at</dt>
          <dd>
            {current.autonomy}{" "}
            {current.certified === null ? (
              <span class="muted">(no certificate in the store)</span>
            ) : (
              <span class="muted">
                (certified {current.certified}
                {current.certificate ? ` by ${current.certificate}` : ""}
                {current.reason ? `: ${current.reason}` : ""})
              </span>
            )}
          </dd>
          <dt>earned</dt>
          <dd>
            <strong id="earned-level">{check.level}</strong>{" "}
            <span class="muted">(the lowest cell: the gate cannot know the decision before the run)</span>
          </dd>
          <dt>evidence</dt>
          <dd>
            {check.evidence.eval === null ? (
              "no eval of this version"
            ) : (
              <a href={pathTo("evals", check.evidence.eval.id)}>{check.evidence.eval.id}</a>
            )}{" "}
            · {check.evidence.reviews.length} reviews · {check.evidence.shadowReports.length} shadow reports
          </dd>
          <dt>evidence digest</dt>
          <dd class="mono">{check.evidenceDigest}</dd>
        </dl>
      </div>
      {check.notes.length === 0 ? null : (
        <div class="notice">
          {check.notes.map((n) => (
            <p>{n}</p>
          ))}
        </div>
      )}
      <table id="cells">
        <thead>
          <tr>
            <th>decision × effect</th>
            <th>level</th>
            <th>evidence</th>
            <th>what is missing</th>
          </tr>
        </thead>
        <tbody>
          {check.cells.map((cell) => (
            <tr>
              <td>
                {cell.option} × {cell.effect}
                <div class="muted">
                  {cell.taskClass}, ≥ {pct(cell.target)}
                </div>
              </td>
              <td>
                <Badge tone={cell.level === "autonomous" ? "ok" : cell.level === "shadow" ? "bad" : "warn"}>
                  {cell.level}
                </Badge>
                {cell.level !== cell.earnedByEvidence ? (
                  <div class="muted">evidence earns {cell.earnedByEvidence}</div>
                ) : null}
                {cell.ceiling !== "autonomous" ? <div class="muted">ceiling {cell.ceiling}</div> : null}
                {cell.demotions.map((d) => (
                  <div class="muted">down one: {d}</div>
                ))}
              </td>
              <td>
                <ul>
                  {cell.requirements.map((r) => (
                    <li>
                      {r.met ? <Badge tone="ok">✓</Badge> : <Badge tone="bad">✗</Badge>} [{r.level}] {r.what}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ul class="missing">
                  {cell.missing.map((m) => (
                    <li>{m}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The weekly report (`src/weekly`) and the autonomy check (`src/autonomy`) with its evidence and what is missing. */
export const weeklyAutonomyFeature: ServerFeature = {
  name: "weekly and autonomy",
  nav: { href: "/weekly", label: "Weekly" },
  register(app, context) {
    const { store } = context;
    const shadowReports = context.shadowReports ?? [];
    registerPage<WeeklyPage>(app, context, {
      path: "/weekly",
      async load(c) {
        const since = c.req.query("since") || undefined;
        const until = c.req.query("until") || undefined;
        const period = reportPeriod({
          now: context.now(),
          ...(since === undefined ? {} : { since }),
          ...(until === undefined ? {} : { until }),
        });
        const inputs = await collectWeeklyInputsPaged(
          store,
          period,
          shadowReports.map(({ source, report }) => ({ ...report, file: source })),
          { charters: [...(context.workflows?.keys() ?? [])] },
        );
        const report = buildWeeklyReport(inputs);
        // The page (and its twin) list the heaviest failures; `?top=` shows more, up to the page limit.
        const top = pageLimit(c.req.query("top") ?? "20");
        return {
          ...report,
          topFailures: report.topFailures.slice(0, top),
          topFailuresTotal: report.topFailures.length,
        };
      },
      title: () => "Weekly report",
      render: (report) => (
        <>
          <p>
            <a href="/autonomy">The autonomy check of each workflow →</a>
          </p>
          <WeeklyBody report={report} />
        </>
      ),
    });

    registerPage<{ workflows: { charter: string; version: string; autonomy: string }[] }>(app, context, {
      path: "/autonomy",
      load: async () => ({
        workflows: [...(context.workflows?.values() ?? [])].map((w) => ({
          charter: w.charter.name,
          version: w.charter.version,
          autonomy: w.charter.autonomy,
        })),
      }),
      title: () => "Autonomy check",
      render: (data) =>
        data.workflows.length === 0 ? (
          <p class="notice">
            This server was started without workflows: start it with{" "}
            <code>reins serve --workflow &lt;folder&gt;</code> to check their autonomy.
          </p>
        ) : (
          <ul>
            {data.workflows.map((w) => (
              <li>
                <a href={pathTo("autonomy", w.charter)}>{w.charter}</a> version {w.version} (asks {w.autonomy}
                )
              </li>
            ))}
          </ul>
        ),
    });

    registerPage<AutonomyCheck>(app, context, {
      path: "/autonomy/:charter",
      async load(c) {
        const name = routeParam(c, "charter");
        const workflow = context.workflows?.get(name);
        if (workflow === undefined)
          throw new NotFoundError(`no workflow "${name}" on this server (reins serve --workflow)`);
        return autonomyCheck({
          charter: workflow.charter,
          registry: workflow.registry,
          store,
          shadowReports,
          now: context.now(),
        });
      },
      title: (check) => `Autonomy: ${check.charter.name} version ${check.charter.version}`,
      render: (check) => <AutonomyBody check={check} />,
    });
  },
};
