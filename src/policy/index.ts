// reins/policy: the gate as a pure function, to test a workflow's rules against a call without running anything.
// Rules themselves are written with `definePolicy`, `allow`, `deny` and `requireApproval` from `reins`.

export type { CheckToolCallOptions, GateCheck } from "./check-tool-call.js";
export { checkToolCall } from "./check-tool-call.js";
