import type { Context } from "hono";
import { z } from "zod";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { decideApproval } from "../../runtime/approvals.js";
import { forbidden } from "../auth/auth-middleware.js";
import { NotFoundError } from "../error-status.js";
import { pathTo } from "../html/links.js";
import { readFields, typedText } from "../request-body.js";
import type { ServerContext, ServerEnv } from "../server-env.js";
import { approvalView } from "./approval-view.js";
import { startedBy } from "./started-by.js";

const decisionFields = z.strictObject({
  /** The input hash the decider saw: the decision is refused if it is not the call's. */
  inputHash: z.string().optional(),
  note: typedText(4000),
  reason: typedText(4000),
});

/**
 * Approves or rejects one call, through `decideApproval` as `reins approvals approve/reject` do: the decision is
 * bound to that approval (its tool, call id and input hash) and takes effect when the run resumes. Refused with 403
 * when the signed-in user started the run (approving only: anyone allowed may stop a call), with 409 when the input
 * hash sent is not the call's or the approval is already decided. A form gets a redirect to the approval's page,
 * the API the decided approval.
 */
export async function decideFromRequest(
  c: Context<ServerEnv>,
  context: ServerContext,
  decision: "approved" | "rejected",
): Promise<Response> {
  const user = c.get("user");
  const id = c.req.param("id") ?? "";
  const fields = await readFields(c, decisionFields);
  const approval = await context.store.approvals.get(id);
  if (approval === undefined) throw new NotFoundError(`no approval "${id}" in this store`);
  if (fields.inputHash !== undefined && fields.inputHash !== approval.inputHash) {
    throw new UserError({
      code: ErrorCode.ApprovalInvalid,
      message: `approval ${id} is bound to another input than the one this decision was made on; nothing was recorded`,
      hint: "reload the approval and decide on the input it shows",
    });
  }
  if (decision === "approved") {
    const starter = startedBy(await context.store.audit.list(approval.runId));
    if (starter !== null && starter === user.name) {
      return forbidden(c, `${user.name} started run ${approval.runId}: someone else must approve its calls`);
    }
  }
  const note = decision === "rejected" ? fields.reason : (fields.note ?? fields.reason);
  if (decision === "rejected" && note === undefined) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: "a rejection needs a reason: the agent reads it when the run resumes",
      path: "reason",
    });
  }
  const record = await decideApproval({
    store: context.store,
    audit: context.audit,
    approvalId: id,
    decision,
    decidedBy: user.name,
    ...(user.name === context.operator ? {} : { enteredBy: `${context.operator} via reins serve` }),
    ...(note === undefined ? {} : { note }),
  });
  if (c.req.path.startsWith("/api/")) return c.json(approvalView(record));
  return c.redirect(pathTo("approvals", record.id), 303);
}
