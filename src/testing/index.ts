// reins/testing: test doubles for code that calls models. Everything exported is listed by name.

export type {
  RecordedCall,
  ScriptStep,
  ScriptToolCall,
  ScriptUsage,
  TextStep,
  ToolCallsStep,
} from "./script-step.js";
export { toolCall } from "./script-step.js";
export type { ScriptedModel, ScriptedModelOptions } from "./scripted-model.js";
export { scriptedModel } from "./scripted-model.js";
