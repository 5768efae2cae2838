import type {
  LanguageModelV3FunctionTool,
  LanguageModelV3Prompt,
  LanguageModelV3ToolChoice,
  LanguageModelV3ToolResultPart,
} from "@ai-sdk/provider";

/** One tool call a scripted step makes. */
export interface ScriptToolCall {
  /** Name of the tool; the caller must offer a tool with this name. */
  toolName: string;
  /** The tool's input, JSON-encoded before it reaches the caller. */
  input: unknown;
  /** Tool-call id; defaults to `call-<stepIndex>-<i>` (both 0-based). */
  toolCallId?: string;
  /**
   * Call the tool even though the caller did not offer it, as a hostile or confused model would. Without this, a
   * call to a tool that was not offered is a script mistake and throws.
   */
  unoffered?: boolean;
}

/** Token counts a step reports instead of the estimate derived from prompt and output sizes. */
export interface ScriptUsage {
  /** Input (prompt) tokens. */
  inputTokens?: number;
  /** Output (completion) tokens. */
  outputTokens?: number;
}

interface ScriptStepBase {
  /** Replaces the estimated token usage (characters / 4) for this step. */
  usage?: ScriptUsage;
  /** Assertions on what the model received; runs before the step answers, and its errors propagate. */
  expect?: (call: RecordedCall) => void;
}

/** A step that answers with tool calls (and, optionally, text before them). */
export interface ToolCallsStep extends ScriptStepBase {
  /** Tool calls, in order. */
  toolCalls: ScriptToolCall[];
  /** Text the model says alongside the tool calls. */
  text?: string;
}

/** A step that answers with final text and no tool calls. */
export interface TextStep extends ScriptStepBase {
  /** The final text. */
  text: string;
  toolCalls?: undefined;
}

/** One scripted model answer: the n-th call to the model gets the n-th step. */
export type ScriptStep = ToolCallsStep | TextStep;

/** What one call to a scripted model received. No timestamps, so it can be compared exactly. */
export interface RecordedCall {
  /** 0-based number of the call. */
  index: number;
  /** Whether the caller used `doGenerate` or `doStream`. */
  mode: "generate" | "stream";
  /** The full prompt, as the AI SDK passed it. */
  prompt: LanguageModelV3Prompt;
  /** Names of the function tools offered, in the order offered. */
  toolNames: string[];
  /** The function tools offered (name, description, JSON schema). */
  tools: LanguageModelV3FunctionTool[];
  /** The tool choice, when the caller set one. */
  toolChoice: LanguageModelV3ToolChoice | undefined;
  /** Every tool result in the prompt, oldest first. */
  toolResults: LanguageModelV3ToolResultPart[];
}

/** Shorthand for a {@link ScriptToolCall}: `toolCall("lookup_order", { id: 7 })`. */
export function toolCall(toolName: string, input: unknown, toolCallId?: string): ScriptToolCall {
  return toolCallId === undefined ? { toolName, input } : { toolName, input, toolCallId };
}

/** Tool calls of a step with their ids filled in. */
export function stepToolCalls(
  step: ScriptStep,
  stepIndex: number,
): Required<Omit<ScriptToolCall, "unoffered">>[] {
  return (step.toolCalls ?? []).map((call, i) => ({
    toolName: call.toolName,
    input: call.input,
    toolCallId: call.toolCallId ?? `call-${stepIndex}-${i}`,
  }));
}
