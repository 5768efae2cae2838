import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import { estimateTokens, usageOf } from "./estimate-usage.js";
import { type ScriptStep, stepToolCalls } from "./script-step.js";

/** What a scripted step answers, in the shape both doGenerate and doStream need. */
export interface ScriptAnswer {
  /** Response id, `scripted-<callIndex>`. */
  responseId: string;
  /** Text first (when the step has any), then tool calls in order. */
  content: LanguageModelV3Content[];
  /** `tool-calls` when the step calls tools, otherwise `stop`. */
  finishReason: LanguageModelV3FinishReason;
  /** The step's usage override, else characters / 4 of prompt and output. */
  usage: LanguageModelV3Usage;
}

/** Builds the answer of step `stepIndex` to call `callIndex`. */
export function buildAnswer(
  step: ScriptStep,
  stepIndex: number,
  callIndex: number,
  options: LanguageModelV3CallOptions,
): ScriptAnswer {
  const content: LanguageModelV3Content[] = [];
  if (step.text !== undefined) content.push({ type: "text", text: step.text });
  for (const call of stepToolCalls(step, stepIndex)) {
    content.push({
      type: "tool-call",
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      input: JSON.stringify(call.input ?? {}),
    });
  }
  const calledTools = content.some((part) => part.type === "tool-call");
  const promptSize = JSON.stringify({ prompt: options.prompt, tools: options.tools ?? [] });
  const outputSize = content.map((part) => (part.type === "text" ? part.text : JSON.stringify(part)));
  return {
    responseId: `scripted-${callIndex}`,
    content,
    finishReason: calledTools
      ? { unified: "tool-calls", raw: "tool_calls" }
      : { unified: "stop", raw: "stop" },
    usage: usageOf(
      step.usage?.inputTokens ?? estimateTokens(promptSize),
      step.usage?.outputTokens ?? estimateTokens(outputSize.join("")),
    ),
  };
}

/** The answer as stream parts: text deltas word by word, each tool call's input in one delta. */
export function streamParts(answer: ScriptAnswer, modelId: string): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [
    { type: "stream-start", warnings: [] },
    { type: "response-metadata", id: answer.responseId, modelId },
  ];
  answer.content.forEach((part, i) => {
    if (part.type === "text") {
      const id = `text-${i}`;
      parts.push({ type: "text-start", id });
      for (const delta of part.text.split(/(?<=\s)/)) parts.push({ type: "text-delta", id, delta });
      parts.push({ type: "text-end", id });
    } else if (part.type === "tool-call") {
      const id = part.toolCallId;
      parts.push({ type: "tool-input-start", id, toolName: part.toolName });
      parts.push({ type: "tool-input-delta", id, delta: part.input });
      parts.push({ type: "tool-input-end", id });
      parts.push(part);
    }
  });
  parts.push({ type: "finish", finishReason: answer.finishReason, usage: answer.usage });
  return parts;
}
