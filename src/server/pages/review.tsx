import type { Context } from "hono";
import { z } from "zod";
import { formatTrace } from "../../audit/format-trace.js";
import { redactString } from "../../audit/redact.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { recordReview } from "../../review/record-review.js";
import {
  type ReviewQueueCursor,
  type ReviewQueuePage,
  reviewQueuePage,
  type ShadowDisagreement,
  shadowDisagreements,
} from "../../review/review-queue-page.js";
import type { ReviewRecord, RunRecord } from "../../store/store.js";
import { requireRole } from "../auth/auth-middleware.js";
import { hasRole } from "../auth/roles.js";
import { NotFoundError } from "../error-status.js";
import { pathTo, withQuery } from "../html/links.js";
import { Badge, JsonValue, Time } from "../html/values.js";
import { registerPage, renderPage } from "../page.js";
import { decodeCursor, encodeCursor } from "../page-cursor.js";
import { pageLimit } from "../pagination.js";
import { type FormFields, formIssues, type ReviewFormInput, readReviewForm } from "../review/review-form.js";
import { ReviewForm, type ReviewFormProps } from "../review/review-form-view.js";
import { routeParam } from "../route-param.js";
import type { ServerEnv, ServerFeature } from "../server-env.js";

const queueCursor: z.ZodType<ReviewQueueCursor> = z.union([
  z.strictObject({ phase: z.literal("shadow"), index: z.number().int().min(0) }),
  z.strictObject({
    phase: z.literal("runs"),
    before: z.strictObject({ createdAt: z.string(), id: z.string() }).optional(),
  }),
]);

export interface ReviewQueueData {
  items: {
    runId: string;
    charter: string;
    status: string;
    autonomy: string;
    createdAt: string;
    reasons: string[];
    reviews: number;
    shadow: ShadowDisagreement | null;
  }[];
  nextCursor: string | null;
  scanned: number;
}

export interface ReviewRunData {
  run: RunRecord;
  /** The run's trace as `reins review show` prints it, redacted. */
  trace: string;
  reviews: ReviewRecord[];
  shadow: ShadowDisagreement | null;
  /** The next run waiting in the queue, if any. */
  next: string | null;
  /** Whether this server can record a review of the run (its workflow was loaded), and if not why. */
  recordable: { ok: true } | { ok: false; why: string };
  /** What the form offers: the charter's decision options, decision fields and allowed tools. */
  form: { options: string[]; fields: string[]; tools: string[] } | null;
}

function toQueueData(page: ReviewQueuePage): ReviewQueueData {
  return {
    items: page.items.map((item) => ({
      runId: item.run.id,
      charter: item.run.charter,
      status: item.run.status,
      autonomy: item.run.autonomy,
      createdAt: item.run.createdAt,
      reasons: item.reasons,
      reviews: item.reviews,
      shadow: item.shadow ?? null,
    })),
    nextCursor: page.next === null ? null : encodeCursor(page.next),
    scanned: page.scanned,
  };
}

/** The review queue and the review of one run: keyboard-driven, the structured form, shadow disagreements first. */
export const reviewFeature: ServerFeature = {
  name: "review",
  nav: { href: "/review", label: "Review" },
  register(app, context) {
    const { store } = context;
    const shadow = shadowDisagreements(
      (context.shadowReports ?? []).map(({ source, report }) => ({ source, items: report.items })),
    );
    const shadowOf = (runId: string) => shadow.find((item) => item.runId === runId) ?? null;
    const nextInQueue = async (after: string) => {
      const page = await reviewQueuePage({ store, limit: 2, shadow });
      return page.items.find((item) => item.run.id !== after)?.run.id ?? null;
    };

    registerPage<ReviewQueueData>(app, context, {
      path: "/review",
      async load(c) {
        const cursor = decodeCursor(c.req.query("cursor"), queueCursor);
        return toQueueData(
          await reviewQueuePage({
            store,
            limit: pageLimit(c.req.query("limit")),
            shadow,
            ...(cursor === undefined ? {} : { cursor }),
          }),
        );
      },
      title: () => "Review queue",
      render: (data, c) => (
        <>
          <p class="keys">
            <kbd>n</kbd> open the first run · on a run: <kbd>a</kbd> approve, <kbd>e</kbd> record the
            correction, <kbd>r</kbd> reject, <kbd>n</kbd> next
          </p>
          {c.req.query("recorded") ? (
            <p class="notice ok">Review recorded: {c.req.query("recorded")}</p>
          ) : null}
          {data.items.length === 0 ? (
            <p class="notice">
              No run waiting for review{data.nextCursor === null ? "" : " in this stretch of the store"}.
            </p>
          ) : (
            <table class="queue" id="queue">
              <thead>
                <tr>
                  <th>run</th>
                  <th>charter</th>
                  <th>why</th>
                  <th>status</th>
                  <th>autonomy</th>
                  <th>created</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item, i) => (
                  <tr>
                    <td>
                      <a href={pathTo("review", item.runId)} {...(i === 0 ? { "data-key": "n" } : {})}>
                        {item.runId}
                      </a>
                    </td>
                    <td>{item.charter}</td>
                    <td>
                      {item.reasons.map((reason) => (
                        <Badge
                          tone={reason === "shadow-disagreement" || reason === "escalation" ? "bad" : "warn"}
                        >
                          {reason}
                        </Badge>
                      ))}
                      {item.shadow === null ? null : (
                        <div class="muted">
                          {item.shadow.impact}: human {item.shadow.humanClass}, agent {item.shadow.agentClass}
                        </div>
                      )}
                    </td>
                    <td>{item.status}</td>
                    <td>{item.autonomy}</td>
                    <td>
                      <Time at={item.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="pager">
            {data.nextCursor === null ? (
              <span class="muted">end of the queue</span>
            ) : (
              <a href={withQuery("/review", { cursor: data.nextCursor, limit: c.req.query("limit") })}>
                more →
              </a>
            )}
          </p>
        </>
      ),
    });

    const loadRun = async (c: Context<ServerEnv>): Promise<ReviewRunData> => {
      const runId = routeParam(c, "runId");
      const run = await store.runs.get(runId);
      if (run === undefined) throw new NotFoundError(`no run "${runId}" in this store`);
      const workflow = context.workflows?.get(run.charter);
      const events = await store.audit.list(runId);
      return {
        run,
        trace: redactString(formatTrace(run, events)).trimEnd(),
        reviews: await store.reviews.list({ runId }),
        shadow: shadowOf(runId),
        next: await nextInQueue(runId),
        recordable:
          workflow === undefined
            ? {
                ok: false,
                why: `this server was started without the workflow of charter ${run.charter}: start it with \`reins serve --workflow <its folder>\` to record reviews`,
              }
            : { ok: true },
        form:
          workflow === undefined
            ? null
            : {
                options: [...workflow.charter.decision.options],
                fields: Object.keys(workflow.charter.decision.fields),
                tools: [...workflow.charter.tools.allowed],
              },
      };
    };

    const view = (
      data: ReviewRunData,
      c: Context<ServerEnv>,
      form: Omit<ReviewFormProps, "options" | "fields" | "tools" | "csrfToken" | "action">,
    ) => {
      const user = c.get("user");
      const canRecord = hasRole(user.role, "reviewer");
      return (
        <>
          <p class="keys">
            <a href="/review">← queue</a>{" "}
            {data.next === null ? (
              <span class="muted">no other run waiting</span>
            ) : (
              <a href={pathTo("review", data.next)} data-key="n" id="next-run">
                next: {data.next} (<kbd>n</kbd>)
              </a>
            )}
          </p>
          {data.shadow === null ? null : (
            <p class="notice bad" id="shadow-disagreement">
              Shadow disagreement ({data.shadow.impact}): the human decided{" "}
              <strong>{data.shadow.humanClass}</strong>, the agent <strong>{data.shadow.agentClass}</strong> —
              decision {data.shadow.id} in {data.shadow.source}.
            </p>
          )}
          <div class="review-layout">
            <div>
              <section class="card">
                <h2>The run</h2>
                <dl class="facts">
                  <dt>charter</dt>
                  <dd>
                    {data.run.charter} v{data.run.charterVersion}
                  </dd>
                  <dt>status</dt>
                  <dd>
                    {data.run.status} · {data.run.autonomy}
                  </dd>
                  <dt>agent</dt>
                  <dd>{data.run.agent}</dd>
                  <dt>created</dt>
                  <dd>
                    <Time at={data.run.createdAt} />
                  </dd>
                </dl>
                <h2>Outcome</h2>
                <JsonValue value={data.run.outcome} />
                <h2>Input</h2>
                <JsonValue value={data.run.input} />
              </section>
              <section class="card">
                <h2>Trace</h2>
                <pre id="trace">{data.trace}</pre>
              </section>
              <section class="card" id="reviews">
                <h2>Reviews ({data.reviews.length})</h2>
                {data.reviews.length === 0 ? (
                  <p class="muted">None yet.</p>
                ) : (
                  <ul>
                    {data.reviews.map((r) => (
                      <li>
                        <Badge>{r.outcome}</Badge> by {r.reviewer} <Time at={r.createdAt} />{" "}
                        {r.errorType ?? ""} {r.rootCause ?? ""}
                        {r.correction === null ? null : <JsonValue value={r.correction} />}
                        {r.note === null ? null : <p>{r.note}</p>}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
            <div>
              {!data.recordable.ok ? (
                <p class="notice bad">{data.recordable.why}</p>
              ) : !canRecord ? (
                <p class="notice">
                  {user.name} is a {user.role}: only a reviewer (or above) may record a review.
                </p>
              ) : data.form === null ? null : (
                <ReviewForm
                  action={pathTo("review", data.run.id)}
                  csrfToken={c.get("session")?.csrfToken}
                  options={data.form.options}
                  fields={data.form.fields}
                  tools={data.form.tools}
                  {...form}
                />
              )}
            </div>
          </div>
        </>
      );
    };

    registerPage<ReviewRunData>(app, context, {
      path: "/review/:runId",
      load: loadRun,
      title: (data) => `Review ${data.run.id}`,
      render: (data, c) => view(data, c, { values: {}, issues: [] }),
    });

    /** Records the review, or answers the located problems; nothing is written when anything is wrong. */
    const record = async (c: Context<ServerEnv>, input: ReviewFormInput) => {
      const runId = routeParam(c, "runId");
      const run = await store.runs.get(runId);
      if (run === undefined) throw new NotFoundError(`no run "${runId}" in this store`);
      const workflow = context.workflows?.get(run.charter);
      if (workflow === undefined)
        throw new UserError({
          code: ErrorCode.ReviewInvalid,
          message: `this server was started without the workflow of charter ${run.charter}; nothing was recorded`,
          path: "charter",
          hint: "start it with `reins serve --workflow <the workflow's folder>`",
        });
      return recordReview({
        store,
        audit: workflow.audit,
        charter: workflow.charter,
        registry: workflow.registry,
        runId,
        reviewer: c.get("user").name,
        ...input,
        correctionSource: "review form",
        workflowDir: workflow.dir,
      });
    };

    app.post("/review/:runId", requireRole("reviewer"), async (c) => {
      const values = (await c.req.parseBody({ all: true })) as FormFields;
      const read = readReviewForm(values);
      const refuse = async (issues: { path: string; message: string }[]) =>
        renderPage(
          c,
          context,
          `Review ${routeParam(c, "runId")}`,
          view(await loadRun(c), c, { values, issues }),
          400,
        );
      if (!read.ok) return refuse(read.issues);
      try {
        const recorded = await record(c, read.input);
        const next = await nextInQueue(recorded.runId);
        return c.redirect(
          next === null
            ? withQuery("/review", { recorded: recorded.id })
            : withQuery(pathTo("review", next), { recorded: recorded.id }),
          303,
        );
      } catch (error) {
        if (!UserError.isInstance(error) || error.code !== ErrorCode.ReviewInvalid) throw error;
        return refuse(formIssues(error as UserError & { issues?: never }));
      }
    });

    app.post("/api/review/:runId", requireRole("reviewer"), async (c) => {
      const body = await c.req.json().catch(() => {
        throw new UserError({
          code: ErrorCode.Usage,
          message:
            "the body must be JSON: { outcome, errorType, rootCause, retrainingPriority, correction, note }",
          path: "body",
        });
      });
      const input = reviewBody.safeParse(body);
      if (!input.success)
        return c.json(
          {
            error: {
              code: ErrorCode.ReviewInvalid,
              message: "the review does not read",
              issues: input.error.issues.map((i) => ({
                path: i.path.join(".") || "body",
                message: i.message,
              })),
            },
          },
          400,
        );
      try {
        const recorded = await record(c, input.data as ReviewFormInput);
        const { redteamCase: _case, ...review } = recorded;
        return c.json(review, 201);
      } catch (error) {
        if (!UserError.isInstance(error) || error.code !== ErrorCode.ReviewInvalid) throw error;
        return c.json(
          {
            error: {
              code: error.code,
              message: error.message,
              issues: formIssues(error as UserError & { issues?: never }),
            },
          },
          400,
        );
      }
    });
  },
};

/** The JSON twin's body: the terms as strings (recordReview checks them against SPEC's lists), the correction as given. */
const reviewBody = z.strictObject({
  outcome: z.string(),
  errorType: z.string().optional(),
  rootCause: z.string().optional(),
  retrainingPriority: z.string().optional(),
  correction: z.unknown().optional(),
  note: z.string().max(10_000).optional(),
});
