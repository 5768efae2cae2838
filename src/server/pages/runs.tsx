import { z } from "zod";
import { ErrorCode } from "../../errors/codes.js";
import { closestName } from "../../errors/did-you-mean.js";
import { UserError } from "../../errors/reins-error.js";
import type { RunRecord, RunStatus as Status } from "../../store/store.js";
import { pathTo, withQuery } from "../html/links.js";
import { Time } from "../html/values.js";
import { registerPage } from "../page.js";
import { decodeCursor, type Page, pageLimit, pageOf } from "../pagination.js";
import type { ServerContext, ServerFeature } from "../server-env.js";
import { outcomeText } from "./outcome-text.js";
import { RunStatus } from "./run-status.js";
import { runTraceRoute } from "./run-trace.js";

const statuses = ["running", "suspended", "completed", "failed"] as const satisfies readonly Status[];

/** A run as the list shows it: no input, checkpoint or full outcome (those are on the run's page). */
export interface RunRow {
  id: string;
  charter: string;
  charterVersion: string;
  status: Status;
  autonomy: string;
  agent: string;
  outcome: string;
  createdAt: string;
  updatedAt: string;
}

export interface RunsPage extends Page<RunRow> {
  filter: { workflow: string | null; status: Status | null; limit: number };
  /** Set when the workflow filter names no workflow with runs: what was meant, if anything is close. */
  unknownWorkflow: { name: string; didYouMean: string | null } | null;
}

function row(run: RunRecord): RunRow {
  return {
    id: run.id,
    charter: run.charter,
    charterVersion: run.charterVersion,
    status: run.status,
    autonomy: run.autonomy,
    agent: run.agent,
    outcome: outcomeText(run.outcome),
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  };
}

function parseStatus(value: string | undefined): Status | null {
  if (value === undefined || value === "") return null;
  const parsed = z.enum(statuses).safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UserError({
    code: ErrorCode.Usage,
    message: `status must be one of ${statuses.join(", ")}, got "${value}"`,
    path: "status",
  });
}

/** One page of runs, newest first, filtered by workflow and status. */
export async function loadRuns(
  context: ServerContext,
  query: { workflow?: string; status?: string; limit?: string; cursor?: string },
): Promise<RunsPage> {
  const workflow = query.workflow === undefined || query.workflow === "" ? null : query.workflow;
  const status = parseStatus(query.status);
  const limit = pageLimit(query.limit);
  const cursor = decodeCursor(query.cursor, 2);
  const rows = await context.store.runs.list({
    ...(workflow === null ? {} : { charter: workflow }),
    ...(status === null ? {} : { status }),
    ...(cursor === undefined ? {} : { before: { createdAt: cursor[0]!, id: cursor[1]! } }),
    limit: limit + 1,
  });
  const page = pageOf(rows.map(row), limit, (r) => [r.createdAt, r.id]);
  let unknownWorkflow: RunsPage["unknownWorkflow"] = null;
  if (workflow !== null && page.items.length === 0 && cursor === undefined) {
    const any = await context.store.runs.list({ charter: workflow, limit: 1 });
    if (any.length === 0) {
      const known = await context.store.runs.charters({ limit: 500 });
      unknownWorkflow = { name: workflow, didYouMean: closestName(workflow, known) ?? null };
    }
  }
  return { ...page, filter: { workflow, status, limit }, unknownWorkflow };
}

function RunsView({ data }: { data: RunsPage }) {
  const { filter } = data;
  const next =
    data.nextCursor === null
      ? null
      : withQuery("/runs", {
          workflow: filter.workflow ?? undefined,
          status: filter.status ?? undefined,
          limit: filter.limit === 50 ? undefined : filter.limit,
          cursor: data.nextCursor,
        });
  return (
    <>
      <form class="filters" method="get" action="/runs">
        <label>
          Workflow
          <input name="workflow" value={filter.workflow ?? ""} placeholder="any" />
        </label>
        <label>
          Status
          <select name="status">
            <option value="">any</option>
            {statuses.map((s) => (
              <option value={s} selected={filter.status === s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      {data.unknownWorkflow === null ? null : (
        <p class="notice bad">
          No workflow named “{data.unknownWorkflow.name}” has runs in this store
          {data.unknownWorkflow.didYouMean === null ? (
            "."
          ) : (
            <>
              ; did you mean{" "}
              <a href={withQuery("/runs", { workflow: data.unknownWorkflow.didYouMean })}>
                {data.unknownWorkflow.didYouMean}
              </a>
              ?
            </>
          )}
        </p>
      )}
      {data.items.length === 0 ? (
        <p class="muted">No runs{filter.workflow || filter.status ? " match these filters" : " yet"}.</p>
      ) : (
        <table id="runs">
          <thead>
            <tr>
              <th>Run</th>
              <th>Workflow</th>
              <th>Status</th>
              <th>Autonomy</th>
              <th>Agent</th>
              <th>Outcome</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((run) => (
              <tr>
                <td class="mono">
                  <a href={pathTo("runs", run.id)}>{run.id}</a>
                </td>
                <td>
                  {run.charter} <span class="muted">v{run.charterVersion}</span>
                </td>
                <td>
                  <RunStatus status={run.status} />
                </td>
                <td>{run.autonomy}</td>
                <td class="mono">{run.agent}</td>
                <td>{run.outcome}</td>
                <td>
                  <Time at={run.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        {filter.workflow || filter.status || next !== null ? (
          <a
            href={withQuery("/runs", {
              workflow: filter.workflow ?? undefined,
              status: filter.status ?? undefined,
            })}
          >
            First page
          </a>
        ) : null}
        {next === null ? null : (
          <a href={next} rel="next">
            Next page →
          </a>
        )}
      </div>
    </>
  );
}

/** The runs list (paginated, by workflow and status) and each run's trace. */
export const runsFeature: ServerFeature = {
  name: "runs",
  nav: { href: "/runs", label: "Runs" },
  register(app, context) {
    registerPage(app, context, {
      path: "/runs",
      load: (c) => loadRuns(context, c.req.query()),
      title: () => "Runs",
      render: (data) => <RunsView data={data} />,
    });
    registerPage(app, context, runTraceRoute(context));
  },
};
