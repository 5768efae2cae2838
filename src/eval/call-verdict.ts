import type { ToolCallRecord } from "../runtime/outcome.js";
import type { GateVerdict } from "./case.js";

/** What became of a call after the gate's verdict: how an approval was answered, or why it never ran. */
export const callResolutions = [
  "allowed",
  "approved",
  "rejected",
  "pending",
  "proposed",
  "denied",
  "shadowed",
] as const;
export type CallResolution = (typeof callResolutions)[number];

/**
 * The verdict the gate first gave a call. An approved call's final record carries `allow` with its approver, so it
 * reads back as `require-approval`: the gate asked.
 */
export function gateVerdictOf(call: Pick<ToolCallRecord, "verdict">): GateVerdict {
  if (call.verdict.type === "allow" && call.verdict.approvedBy !== undefined) return "require-approval";
  return call.verdict.type;
}

/** How the call was resolved after the verdict; its `status` says whether it then executed or failed. */
export function resolutionOf(call: Pick<ToolCallRecord, "verdict" | "status">): CallResolution {
  switch (call.verdict.type) {
    case "allow":
      return call.verdict.approvedBy === undefined ? "allowed" : "approved";
    case "deny":
      return call.status === "shadowed" ? "shadowed" : "denied";
    case "require-approval":
      if (call.status === "rejected") return "rejected";
      if (call.status === "proposed") return "proposed";
      if (call.status === "denied") return "denied";
      return "pending";
  }
}
