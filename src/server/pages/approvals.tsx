import type { Context } from "hono";
import { requireRole } from "../auth/auth-middleware.js";
import { hasRole } from "../auth/roles.js";
import { NotFoundError } from "../error-status.js";
import { CsrfInput } from "../html/forms.js";
import { pathTo, withQuery } from "../html/links.js";
import { Badge, JsonValue, Time } from "../html/values.js";
import { registerPage } from "../page.js";
import { decodeCursor, type Page, pageLimit, pageOf } from "../pagination.js";
import type { ServerContext, ServerEnv, ServerFeature } from "../server-env.js";
import { type ApprovalView, approvalView } from "./approval-view.js";
import { decideFromRequest } from "./decide-approval.js";
import { startedBy } from "./started-by.js";

export interface ApprovalsPage extends Page<ApprovalView> {
  /** Whether the signed-in user may decide (approver or admin). */
  canDecide: boolean;
}

export interface ApprovalPage {
  approval: ApprovalView;
  /** Who started the call's run, as its audit log records it; null when unrecorded. */
  runStartedBy: string | null;
  canDecide: boolean;
  /** Why the signed-in user may not approve this call, when they may not. */
  cannotApprove: string | null;
}

/** The pending approvals, oldest first, a page at a time. */
async function loadPending(c: Context<ServerEnv>, context: ServerContext): Promise<ApprovalsPage> {
  const limit = pageLimit(c.req.query("limit"));
  const cursor = decodeCursor(c.req.query("cursor"), 2);
  const rows = await context.store.approvals.list({
    status: "pending",
    limit: limit + 1,
    ...(cursor === undefined ? {} : { after: { createdAt: cursor[0]!, id: cursor[1]! } }),
  });
  return {
    ...pageOf(rows.map(approvalView), limit, (a) => [a.createdAt, a.id]),
    canDecide: hasRole(c.get("user").role, "approver"),
  };
}

async function loadOne(c: Context<ServerEnv>, context: ServerContext): Promise<ApprovalPage> {
  const id = c.req.param("id") ?? "";
  const record = await context.store.approvals.get(id);
  if (record === undefined) throw new NotFoundError(`no approval "${id}" in this store`);
  const user = c.get("user");
  const runStartedBy = startedBy(await context.store.audit.list(record.runId));
  const canDecide = hasRole(user.role, "approver");
  return {
    approval: approvalView(record),
    runStartedBy,
    canDecide,
    cannotApprove: !canDecide
      ? `deciding needs the approver role; ${user.name} is a ${user.role}`
      : runStartedBy === user.name
        ? `${user.name} started this run: someone else must approve its calls`
        : null,
  };
}

function DecisionForms({
  a,
  c,
  cannotApprove,
}: {
  a: ApprovalView;
  c: Context<ServerEnv>;
  cannotApprove: string | null;
}) {
  const token = c.get("session")?.csrfToken;
  return (
    <div class="actions">
      {cannotApprove === null ? (
        <form method="post" action={pathTo("approvals", a.id, "approve")}>
          <CsrfInput token={token} />
          <input type="hidden" name="inputHash" value={a.inputHash} />
          <label>
            Note (optional)
            <input name="note" maxlength={4000} />
          </label>
          <button type="submit" class="primary">
            Approve
          </button>
        </form>
      ) : null}
      <form method="post" action={pathTo("approvals", a.id, "reject")}>
        <CsrfInput token={token} />
        <input type="hidden" name="inputHash" value={a.inputHash} />
        <label>
          Reason (the agent reads it)
          <input name="reason" required maxlength={4000} />
        </label>
        <button type="submit" class="danger">
          Reject
        </button>
      </form>
    </div>
  );
}

function ApprovalCard({ a, children }: { a: ApprovalView; children?: unknown }) {
  return (
    <div class="card approval" id={`approval-${a.id}`}>
      <p>
        <strong class="mono">{a.toolName}</strong>{" "}
        {a.kind === "proposal" ? <Badge tone="warn">proposal</Badge> : null}{" "}
        <Badge tone={a.status === "approved" ? "ok" : a.status === "rejected" ? "bad" : "warn"}>
          {a.status}
        </Badge>{" "}
        <span class="muted">
          in run <a href={pathTo("runs", a.runId)}>{a.runId}</a> of {a.charter}, call {a.callId},{" "}
          <Time at={a.createdAt} />
        </span>
      </p>
      <h2>Why it waits</h2>
      <ul class="reasons">
        {a.reasons.map((r) => (
          <li>
            {r.message} {r.code === null ? null : <span class="muted mono">({r.code})</span>}
          </li>
        ))}
      </ul>
      <h2>Input</h2>
      <JsonValue value={a.input} />
      <p class="muted mono">input sha256 {a.inputHash}</p>
      {children as never}
    </div>
  );
}

/** Pending approvals: the call, its redacted input, the reasons; approve or reject, bound to that call. */
export const approvalsFeature: ServerFeature = {
  name: "approvals",
  nav: { href: "/approvals", label: "Approvals" },
  register(app, context) {
    registerPage(app, context, {
      path: "/approvals",
      load: (c) => loadPending(c, context),
      title: () => "Pending approvals",
      render: (data, c) => (
        <>
          {data.items.length === 0 ? <p class="muted">No call is waiting for a decision.</p> : null}
          {data.items.map((a) => (
            <ApprovalCard a={a}>
              <p>
                <a href={pathTo("approvals", a.id)}>Open {a.id}</a>
              </p>
              {data.canDecide ? <DecisionForms a={a} c={c} cannotApprove={null} /> : null}
            </ApprovalCard>
          ))}
          {data.nextCursor === null ? null : (
            <div class="pager">
              <a href="/approvals">First page</a>
              <a href={withQuery("/approvals", { cursor: data.nextCursor })} rel="next">
                Next page →
              </a>
            </div>
          )}
        </>
      ),
    });
    registerPage(app, context, {
      path: "/approvals/:id",
      load: (c) => loadOne(c, context),
      title: (data) => `Approval ${data.approval.id}`,
      render: (data, c) => {
        const a = data.approval;
        return (
          <ApprovalCard a={a}>
            <p class="muted">Run started by {data.runStartedBy ?? "(not recorded)"}</p>
            {a.status === "pending" ? (
              <>
                {data.cannotApprove === null ? null : <p class="notice">{data.cannotApprove}</p>}
                {data.canDecide ? <DecisionForms a={a} c={c} cannotApprove={data.cannotApprove} /> : null}
              </>
            ) : (
              <p class="notice" id="decision">
                {a.status} by {a.decidedBy}
                {a.enteredBy === null ? "" : ` (entered by ${a.enteredBy})`} at <Time at={a.decidedAt} />
                {a.note === null ? "" : `: ${a.note}`}. It takes effect when the run resumes (
                <code>reins resume</code>).
              </p>
            )}
          </ApprovalCard>
        );
      },
    });
    for (const prefix of ["", "/api"]) {
      app.post(`${prefix}/approvals/:id/approve`, requireRole("approver"), (c) =>
        decideFromRequest(c, context, "approved"),
      );
      app.post(`${prefix}/approvals/:id/reject`, requireRole("approver"), (c) =>
        decideFromRequest(c, context, "rejected"),
      );
    }
  },
};
