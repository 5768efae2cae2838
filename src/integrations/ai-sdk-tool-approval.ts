import type { AnyToolCard } from "../contract/tool-card.js";
import type { AiSdkToolsOptions } from "./ai-sdk-tools.js";
import { checkExportedCards, sessionCall } from "./session-tools.js";

/** The statuses Reins gives AI SDK 7 (a part of its `ToolApprovalStatus`). */
export type AiSdkToolApprovalStatus =
  /** No approval step: `execute` passes the gate and hands the model its result (a denial included). */
  | { type: "not-applicable" }
  /** The gate wants a human: the SDK ends its step with a `tool-approval-request` carrying `reason`. */
  | { type: "user-approval"; reason: string };

/** AI SDK 7's per-tool approval function (`SingleToolApprovalFunction`), the part of it Reins reads. */
export type AiSdkToolApprovalFunction = (
  input: unknown,
  options: { toolCallId: string },
) => Promise<AiSdkToolApprovalStatus>;

/** AI SDK 7's `toolApproval` option for Reins tools: a function per card name. */
export type AiSdkToolApproval = Record<string, AiSdkToolApprovalFunction>;

/**
 * AI SDK 7's `toolApproval` (a `generateText`, `streamText` or `ToolLoopAgent` option) for the tools
 * `toAiSdkTools(cards, { session })` returns: the gate decides. An allowed call needs no approval; one the gate
 * wants a human for is an approval request (its Reins approval `appr_…` is recorded, and its reasons are the
 * request's `reason`); a denied one runs no approval step, and `execute` hands the model the denial. When the SDK
 * replays an approved request, the status is asked again and `execute` passes the gate: the call runs once if it was
 * approved in Reins, else the model reads that it waits. Spread it to add approvals of other tools.
 */
export function toAiSdkToolApproval(
  cards: readonly AnyToolCard[],
  options: AiSdkToolsOptions,
): AiSdkToolApproval {
  const { session } = options;
  checkExportedCards(cards, session, "toAiSdkToolApproval");
  const approval: AiSdkToolApproval = {};
  for (const card of cards) {
    approval[card.name] = async (input, { toolCallId }) => {
      const judged = await session.judge(sessionCall(card, toolCallId, input));
      if (judged === "execute" || judged.status !== "pending-approval") return { type: "not-applicable" };
      const said = judged.reasons.map((reason) => reason.message);
      return { type: "user-approval", reason: [...said, `Reins approval ${judged.approvalId}`].join("; ") };
    };
  }
  return approval;
}
