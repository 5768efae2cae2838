// The runtime's own rule, so that a perturbation labels the recovery the runtime will actually take.
export { failureResponse } from "../../runtime/execute-tool.js";
