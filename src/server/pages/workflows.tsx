import type { Context } from "hono";
import { z } from "zod";
import { ErrorCode } from "../../errors/codes.js";
import { closestName } from "../../errors/did-you-mean.js";
import { UserError } from "../../errors/reins-error.js";
import { pauseWorkflow, resumeWorkflow, workflowAuditId } from "../../runtime/kill-switch.js";
import { requireRole } from "../auth/auth-middleware.js";
import { hasRole } from "../auth/roles.js";
import { NotFoundError } from "../error-status.js";
import { CsrfInput } from "../html/forms.js";
import { pathTo, withQuery } from "../html/links.js";
import { Badge, Time } from "../html/values.js";
import { registerPage } from "../page.js";
import { decodeCursor, type Page, pageLimit, pageOf } from "../pagination.js";
import { readFields, typedText } from "../request-body.js";
import type { ServerContext, ServerEnv, ServerFeature } from "../server-env.js";
import { type WorkflowView, workflowView } from "./workflow-view.js";

export interface WorkflowPage {
  workflow: WorkflowView;
  certificates: {
    id: string;
    charterVersion: string;
    level: string;
    levels: Record<string, Record<string, string>>;
    promotedBy: string;
    createdAt: string;
    expiresAt: string;
  }[];
  /** The kill switch's history (paused, flagged, resumed), newest first. */
  history: { seq: number; type: string; at: string; reason: string | null; by: string | null }[];
  canPause: boolean;
  canResume: boolean;
}

const identity = (who: string, context: ServerContext) =>
  who === context.operator ? who : `${who} (entered by ${context.operator} via reins serve)`;

async function loadList(c: Context<ServerEnv>, context: ServerContext): Promise<Page<WorkflowView>> {
  const limit = pageLimit(c.req.query("limit"));
  const cursor = decodeCursor(c.req.query("cursor"), 1);
  const names = await context.store.runs.charters({
    limit: limit + 1,
    ...(cursor === undefined ? {} : { after: cursor[0]! }),
  });
  const page = pageOf(names, limit, (name) => [name]);
  const items = await Promise.all(
    page.items.map(async (name) => {
      const { certificateList: _all, ...view } = await workflowView(context, name);
      return view;
    }),
  );
  return { items, nextCursor: page.nextCursor };
}

/** Refuses (404, with a suggestion) a workflow the store does not know: no runs, certificates or kill-switch history. */
async function checkKnown(context: ServerContext, name: string, known: boolean): Promise<void> {
  if (known) return;
  const close = closestName(name, await context.store.runs.charters({ limit: 500 }));
  throw new NotFoundError(
    `no workflow "${name}" in this store (no runs, certificates or kill-switch history)${close === undefined ? "" : `; did you mean "${close}"?`}`,
  );
}

async function isKnown(context: ServerContext, name: string): Promise<boolean> {
  const [runs, certificates, head] = await Promise.all([
    context.store.runs.list({ charter: name, limit: 1 }),
    context.store.certificates.list({ charter: name }),
    context.store.audit.head(workflowAuditId(name)),
  ]);
  return runs.length > 0 || certificates.length > 0 || head !== undefined;
}

async function loadOne(c: Context<ServerEnv>, context: ServerContext): Promise<WorkflowPage> {
  const name = c.req.param("name") ?? "";
  const { certificateList, ...workflow } = await workflowView(context, name);
  const events = await context.store.audit.list(workflowAuditId(name));
  await checkKnown(
    context,
    name,
    workflow.latestRun !== null || certificateList.length > 0 || events.length > 0,
  );
  const user = c.get("user");
  return {
    workflow,
    certificates: [...certificateList].reverse().map((cert) => ({
      id: cert.id,
      charterVersion: cert.charterVersion,
      level: cert.level,
      levels: cert.levels,
      promotedBy: cert.promotedBy,
      createdAt: cert.createdAt,
      expiresAt: cert.expiresAt,
    })),
    history: [...events].reverse().map((event) => {
      const data = (event.data ?? {}) as { reason?: unknown; by?: unknown };
      return {
        seq: event.seq,
        type: event.type,
        at: event.at,
        reason: typeof data.reason === "string" ? data.reason : null,
        by: typeof data.by === "string" ? data.by : null,
      };
    }),
    canPause: hasRole(user.role, "approver"),
    canResume: hasRole(user.role, "admin"),
  };
}

function KillSwitch({ w }: { w: WorkflowView }) {
  return (
    <>
      {w.paused ? <Badge tone="bad">paused</Badge> : <Badge tone="ok">running</Badge>}{" "}
      {w.flagged ? <Badge tone="warn">flagged</Badge> : null}
    </>
  );
}

function Certified({ w }: { w: WorkflowView }) {
  const a = w.autonomy;
  if (a.certified === null) return <span class="muted">no certificate (runs at the charter's level)</span>;
  if (a.certificate === null) return <span>shadow: {a.reason}</span>;
  return (
    <span>
      {a.certified} <span class="muted mono">({a.certificate}, expires </span>
      <Time at={a.expiresAt} />
      <span class="muted">)</span>
    </span>
  );
}

function WorkflowsView({ data }: { data: Page<WorkflowView> }) {
  return (
    <>
      {data.items.length === 0 ? <p class="muted">No workflow has runs in this store yet.</p> : null}
      {data.items.length === 0 ? null : (
        <table id="workflows">
          <thead>
            <tr>
              <th>Workflow</th>
              <th>Kill switch</th>
              <th>Latest run's autonomy</th>
              <th>Certified</th>
              <th>Latest run</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((w) => (
              <tr>
                <td>
                  <a href={pathTo("workflows", w.name)}>{w.name}</a>
                </td>
                <td>
                  <KillSwitch w={w} />
                  {w.pausedReason === null ? null : <div class="muted">{w.pausedReason}</div>}
                  {w.flaggedReason === null ? null : <div class="muted">{w.flaggedReason}</div>}
                </td>
                <td>{w.latestRun?.autonomy ?? ""}</td>
                <td>
                  <Certified w={w} />
                </td>
                <td>
                  {w.latestRun === null ? null : (
                    <>
                      <a class="mono" href={pathTo("runs", w.latestRun.id)}>
                        {w.latestRun.id}
                      </a>{" "}
                      <Time at={w.latestRun.createdAt} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.nextCursor === null ? null : (
        <div class="pager">
          <a href="/workflows">First page</a>
          <a href={withQuery("/workflows", { cursor: data.nextCursor })} rel="next">
            Next page →
          </a>
        </div>
      )}
    </>
  );
}

function WorkflowDetail({ data, c }: { data: WorkflowPage; c: Context<ServerEnv> }) {
  const w = data.workflow;
  const token = c.get("session")?.csrfToken;
  return (
    <>
      <div class="card" id="kill-switch">
        <p>
          <KillSwitch w={w} />
        </p>
        {w.pausedReason === null ? null : <p>Paused: {w.pausedReason}</p>}
        {w.flaggedReason === null ? null : <p>Flagged for review: {w.flaggedReason}</p>}
        <div class="actions">
          {data.canPause && !w.paused ? (
            <form method="post" action={pathTo("workflows", w.name, "pause")}>
              <CsrfInput token={token} />
              <label>
                Reason
                <input name="reason" required maxlength={2000} />
              </label>
              <button type="submit" class="danger">
                Pause
              </button>
            </form>
          ) : null}
          {data.canResume && (w.paused || w.flagged) ? (
            <form method="post" action={pathTo("workflows", w.name, "resume")}>
              <CsrfInput token={token} />
              <button type="submit" class="primary">
                Resume
              </button>
            </form>
          ) : null}
        </div>
        {!data.canResume && (w.paused || w.flagged) ? (
          <p class="muted">Resuming needs the admin role.</p>
        ) : null}
      </div>
      <h2>Autonomy</h2>
      <div class="card">
        <dl class="facts">
          <dt>Latest run</dt>
          <dd>
            {w.latestRun === null ? (
              <span class="muted">none</span>
            ) : (
              <>
                <a class="mono" href={pathTo("runs", w.latestRun.id)}>
                  {w.latestRun.id}
                </a>{" "}
                version {w.latestRun.charterVersion}, at {w.latestRun.autonomy}
              </>
            )}
          </dd>
          <dt>Certified</dt>
          <dd>
            <Certified w={w} />
          </dd>
        </dl>
      </div>
      <h2>Certificates</h2>
      {data.certificates.length === 0 ? (
        <p class="muted">None: promote with reins autonomy check --promote.</p>
      ) : (
        <table id="certificates">
          <thead>
            <tr>
              <th>Certificate</th>
              <th>Version</th>
              <th>Level</th>
              <th>Promoted by</th>
              <th>Issued</th>
              <th>Expires</th>
            </tr>
          </thead>
          <tbody>
            {data.certificates.map((cert) => (
              <tr>
                <td class="mono">{cert.id}</td>
                <td>{cert.charterVersion}</td>
                <td>{cert.level}</td>
                <td>{cert.promotedBy}</td>
                <td>
                  <Time at={cert.createdAt} />
                </td>
                <td>
                  <Time at={cert.expiresAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Kill-switch history</h2>
      {data.history.length === 0 ? (
        <p class="muted">Never paused, flagged or resumed.</p>
      ) : (
        <ol class="trace" id="history">
          {data.history.map((h) => (
            <li>
              <strong class="mono">{h.type}</strong> <Time at={h.at} /> {h.reason ?? ""}
              {h.by === null || (h.reason ?? "").includes(h.by) ? "" : ` by ${h.by}`}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

const pauseFields = z.strictObject({ reason: typedText(2000) });

/** Workflows: autonomy and certificate, kill-switch state and history; pause and resume. */
export const workflowsFeature: ServerFeature = {
  name: "workflows",
  nav: { href: "/workflows", label: "Workflows" },
  register(app, context) {
    registerPage(app, context, {
      path: "/workflows",
      load: (c) => loadList(c, context),
      title: () => "Workflows",
      render: (data) => <WorkflowsView data={data} />,
    });
    registerPage(app, context, {
      path: "/workflows/:name",
      load: (c) => loadOne(c, context),
      title: (data) => `Workflow ${data.workflow.name}`,
      render: (data, c) => <WorkflowDetail data={data} c={c} />,
    });
    const answer = async (c: Context<ServerEnv>, name: string) =>
      c.req.path.startsWith("/api/")
        ? c.json(await context.store.workflows.get(name))
        : c.redirect(pathTo("workflows", name), 303);
    for (const prefix of ["", "/api"]) {
      app.post(`${prefix}/workflows/:name/pause`, requireRole("approver"), async (c) => {
        const name = c.req.param("name");
        const { reason } = await readFields(c, pauseFields);
        await checkKnown(context, name, await isKnown(context, name));
        if (reason === undefined) {
          throw new UserError({ code: ErrorCode.Usage, message: "a pause needs a reason", path: "reason" });
        }
        await pauseWorkflow({
          store: context.store,
          audit: context.audit,
          charter: name,
          by: identity(c.get("user").name, context),
          reason,
        });
        return answer(c, name);
      });
      app.post(`${prefix}/workflows/:name/resume`, requireRole("admin"), async (c) => {
        const name = c.req.param("name");
        await readFields(c, z.strictObject({}));
        await checkKnown(context, name, await isKnown(context, name));
        await resumeWorkflow({
          store: context.store,
          audit: context.audit,
          charter: name,
          by: identity(c.get("user").name, context),
        });
        return answer(c, name);
      });
    }
  },
};
