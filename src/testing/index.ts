// reins/testing: test doubles for code that calls models. Everything exported is listed by name.

export type {
  FakeOpenAIServer,
  FakeOpenAIServerOptions,
  FakeRequest,
  FakeRequestHeaders,
  FakeRequestRecord,
} from "./fake-openai-server.js";
export { startFakeOpenAIServer } from "./fake-openai-server.js";
export type { FakeReply, FakeToolCall } from "./fake-reply.js";
export type {
  RecordedCall,
  ScriptStep,
  ScriptToolCall,
  ScriptUsage,
  TextStep,
  ToolCallsStep,
} from "./script-step.js";
export { toolCall } from "./script-step.js";
export type { ScriptedModel, ScriptedModelOptions, ScriptedModelV4 } from "./scripted-model.js";
export { scriptedModel } from "./scripted-model.js";
