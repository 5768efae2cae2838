import type { LanguageModelV3Prompt, LanguageModelV3ToolResultOutput } from "@ai-sdk/provider";
import { type ScriptStep, stepToolCalls } from "./script-step.js";

const maxLength = 300;

function clip(text: string): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function describeOutput(output: LanguageModelV3ToolResultOutput): string {
  if (output.type === "execution-denied") {
    return `execution denied${output.reason === undefined ? "" : `: ${output.reason}`}`;
  }
  return json(output.value);
}

/** The last user or tool message of a prompt, on one line, for error messages. */
export function describeLastMessage(prompt: LanguageModelV3Prompt): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i];
    if (message?.role === "user") {
      const text = message.content.map((part) =>
        part.type === "text" ? part.text : `[file ${part.mediaType}]`,
      );
      return clip(`user: ${text.join(" ")}`);
    }
    if (message?.role === "tool") {
      const results = message.content.map((part) =>
        part.type === "tool-result"
          ? `${part.toolName} (${part.toolCallId}) → ${describeOutput(part.output)}`
          : `approval ${part.approvalId}: ${part.approved ? "approved" : "denied"}`,
      );
      return clip(`tool: ${results.join("; ")}`);
    }
  }
  return "(no user or tool message)";
}

/** One step on one line: `steps[1]: tool calls lookup_order {"id":7}` or `steps[2]: text "Done"`. */
export function describeStep(step: ScriptStep, stepIndex: number): string {
  const calls = stepToolCalls(step, stepIndex).map((call) => `${call.toolName} ${json(call.input)}`);
  const parts = [
    ...(calls.length > 0 ? [`tool calls ${calls.join(", ")}`] : []),
    ...(step.text === undefined ? [] : [`text ${json(step.text)}`]),
  ];
  return clip(`steps[${stepIndex}]: ${parts.join(" + ")}`);
}
