// reins/integrations: Reins' gate in front of agent loops it does not drive — AI SDK tools (with AI SDK 7's
// toolApproval), OpenAI Agents SDK tools, and the tool session they share. Everything exported is listed by name.

export type {
  SessionCall,
  SessionCallResult,
  ToolSession,
  ToolSessionOptions,
} from "../runtime/tool-session.js";
export { openToolSession } from "../runtime/tool-session.js";
export type {
  AiSdkToolApproval,
  AiSdkToolApprovalFunction,
  AiSdkToolApprovalStatus,
} from "./ai-sdk-tool-approval.js";
export { toAiSdkToolApproval } from "./ai-sdk-tool-approval.js";
export type { AiSdkInputSchema, AiSdkTool, AiSdkToolSet, AiSdkToolsOptions } from "./ai-sdk-tools.js";
export { toAiSdkTools } from "./ai-sdk-tools.js";
export type {
  AgentsFunctionCall,
  AgentsFunctionTool,
  AgentsGuardrailOutput,
  AgentsToolInputGuardrail,
  OpenAIAgentsToolsOptions,
} from "./openai-agents-tools.js";
export { toOpenAIAgentsTools } from "./openai-agents-tools.js";
