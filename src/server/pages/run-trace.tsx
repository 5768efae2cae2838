import type { Context } from "hono";
import type { AuditProblem } from "../../audit/check-chain.js";
import { createKeptRedactor } from "../../audit/redact.js";
import { summariseEvent, type TraceSummary } from "../../audit/trace-summaries.js";
import { verifyRun } from "../../audit/verify-run.js";
import type { ApprovalStatus, RunStatus as Status } from "../../store/store.js";
import { NotFoundError } from "../error-status.js";
import { pathTo } from "../html/links.js";
import { Badge, JsonValue, Time } from "../html/values.js";
import type { PageRoute } from "../page.js";
import type { ServerContext, ServerEnv } from "../server-env.js";
import { RunStatus } from "./run-status.js";
import { startedBy } from "./started-by.js";

export interface RunTrace {
  run: {
    id: string;
    charter: string;
    charterVersion: string;
    status: Status;
    autonomy: string;
    agent: string;
    startedBy: string | null;
    input: unknown;
    outcome: unknown;
    createdAt: string;
    updatedAt: string;
  };
  /** The run's audit chain checked (`verifyRun`): ok, keyed events not checked for want of the key, problems. */
  verification: { ok: boolean; unchecked: number; problems: AuditProblem[] };
  events: { seq: number; type: string; at: string; summary: TraceSummary; data: unknown }[];
  approvals: {
    id: string;
    toolName: string;
    status: ApprovalStatus;
    decidedBy: string | null;
    note: string | null;
    createdAt: string;
  }[];
}

const approvalStatuses: readonly ApprovalStatus[] = ["pending", "approved", "rejected"];

/** One run, its audit trace and its verification. Everything shown passes the kept redactor, as the CLI's output. */
export async function loadRunTrace(context: ServerContext, runId: string): Promise<RunTrace> {
  const run = await context.store.runs.get(runId);
  if (run === undefined) throw new NotFoundError(`no run "${runId}" in this store`);
  const redact = createKeptRedactor();
  const verification = await verifyRun(context.store, runId, context.auditKey);
  const approvals = (
    await Promise.all(approvalStatuses.map((status) => context.store.approvals.list({ runId, status })))
  ).flat();
  return {
    run: {
      id: run.id,
      charter: run.charter,
      charterVersion: run.charterVersion,
      status: run.status,
      autonomy: run.autonomy,
      agent: run.agent,
      startedBy: startedBy(verification.events),
      input: redact(run.input),
      outcome: redact(run.outcome),
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
    },
    verification: {
      ok: verification.ok,
      unchecked: verification.unchecked,
      problems: verification.problems,
    },
    events: verification.events.map((event) => {
      const data = redact(event.data);
      return {
        seq: event.seq,
        type: event.type,
        at: event.at,
        summary: summariseEvent(event.type, data),
        data,
      };
    }),
    approvals: approvals.map((a) => ({
      id: a.id,
      toolName: a.toolName,
      status: a.status,
      decidedBy: a.decidedBy,
      note: a.note === null ? null : (redact(a.note) as string),
      createdAt: a.createdAt,
    })),
  };
}

function Verification({ v }: { v: RunTrace["verification"] }) {
  if (v.ok)
    return (
      <p class="notice ok" id="verify">
        Audit chain verified: intact.
      </p>
    );
  return (
    <div class="notice bad" id="verify">
      <p>
        <strong>Audit chain not verified.</strong>{" "}
        {v.unchecked > 0
          ? `${v.unchecked} keyed event(s) could not be checked: start reins serve with the audit key (REINS_AUDIT_KEY or REINS_AUDIT_KEY_FILE).`
          : ""}
      </p>
      {v.problems.length === 0 ? null : (
        <ul>
          {v.problems.map((p) => (
            <li>
              event {p.seq}: {p.kind}: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RunTraceView({ data }: { data: RunTrace }) {
  const { run } = data;
  return (
    <>
      <Verification v={data.verification} />
      <div class="card">
        <dl class="facts">
          <dt>Workflow</dt>
          <dd>
            <a href={pathTo("workflows", run.charter)}>{run.charter}</a>{" "}
            <span class="muted">version {run.charterVersion}</span>
          </dd>
          <dt>Status</dt>
          <dd>
            <RunStatus status={run.status} />
          </dd>
          <dt>Autonomy</dt>
          <dd>{run.autonomy}</dd>
          <dt>Agent</dt>
          <dd class="mono">{run.agent}</dd>
          <dt>Started by</dt>
          <dd>{run.startedBy ?? <span class="muted">not recorded</span>}</dd>
          <dt>Started</dt>
          <dd>
            <Time at={run.createdAt} />
          </dd>
          <dt>Updated</dt>
          <dd>
            <Time at={run.updatedAt} />
          </dd>
        </dl>
        <h2>Input</h2>
        <JsonValue value={run.input} />
        <h2>Outcome</h2>
        {run.outcome === null ? <p class="muted">none yet</p> : <JsonValue value={run.outcome} />}
      </div>
      {data.approvals.length === 0 ? null : (
        <>
          <h2>Approvals</h2>
          <table id="approvals">
            <thead>
              <tr>
                <th>Approval</th>
                <th>Tool</th>
                <th>Status</th>
                <th>Decided by</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {data.approvals.map((a) => (
                <tr>
                  <td class="mono">
                    <a href={pathTo("approvals", a.id)}>{a.id}</a>
                  </td>
                  <td class="mono">{a.toolName}</td>
                  <td>
                    <Badge tone={a.status === "approved" ? "ok" : a.status === "rejected" ? "bad" : "warn"}>
                      {a.status}
                    </Badge>
                  </td>
                  <td>{a.decidedBy ?? ""}</td>
                  <td>{a.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>Trace ({data.events.length} events)</h2>
      <ol class="trace" id="trace">
        {data.events.map((event) => (
          <li>
            <span class="mono muted">#{event.seq}</span> <strong class="mono">{event.type}</strong>{" "}
            <Time at={event.at} /> <span>{event.summary.line}</span>
            {event.summary.details.length === 0 ? null : (
              <ul>
                {event.summary.details.map((line) => (
                  <li>{line.replace(/^-\s+/, "")}</li>
                ))}
              </ul>
            )}
            <details>
              <summary class="muted">data</summary>
              <JsonValue value={event.data} />
            </details>
          </li>
        ))}
      </ol>
    </>
  );
}

/** `/runs/:id`: the run, its approvals and its audit trace with verify status. */
export function runTraceRoute(context: ServerContext): PageRoute<RunTrace> {
  return {
    path: "/runs/:id",
    load: (c: Context<ServerEnv>) => loadRunTrace(context, c.req.param("id") ?? ""),
    title: (data) => `Run ${data.run.id}`,
    render: (data) => <RunTraceView data={data} />,
  };
}
