import type { LoopMessage } from "../runtime/model-prompt.js";
import { controlToolNames } from "../runtime/model-tools.js";

/** A tool call as OpenAI's chat format writes it: `arguments` is a JSON string. */
export interface OpenAIToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One message of OpenAI's fine-tuning chat format. */
export type OpenAIMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: OpenAIToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export type OpenAIAssistantMessage = Extract<OpenAIMessage, { role: "assistant" }>;

/** A run's conversation split at its conclusion: what the agent was given, and the turn it concluded with. */
export interface SplitConversation {
  /** The messages before the concluding turn (all of them when the run concluded without a concluding call). */
  prompt: OpenAIMessage[];
  /** The assistant turn holding the concluding call (`reins_decide`, `reins_escalate`…), that call only. */
  conclusion: OpenAIAssistantMessage | undefined;
}

function argumentsText(input: unknown): string {
  if (typeof input === "string") {
    try {
      JSON.parse(input);
      return input;
    } catch {
      return JSON.stringify(input);
    }
  }
  return JSON.stringify(input ?? {});
}

function toolOutputText(output: unknown): string {
  const value = output as { type?: string; value?: unknown } | undefined;
  if (value === undefined || value === null) return "";
  if (typeof value.value === "string") return value.value;
  return JSON.stringify(value.value ?? null);
}

function assistantMessage(message: Extract<LoopMessage, { role: "assistant" }>): OpenAIAssistantMessage {
  const text = message.content
    .filter((part) => part.type === "text")
    .map((part) => (part as { text: string }).text)
    .join("");
  const calls = message.content
    .filter((part) => part.type === "tool-call")
    .map(
      (part): OpenAIToolCall => ({
        id: part.toolCallId,
        type: "function",
        function: { name: part.toolName, arguments: argumentsText(part.input) },
      }),
    );
  return {
    role: "assistant",
    content: text === "" ? null : text,
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
  };
}

/**
 * The model loop's conversation (a checkpoint's `messages`) as OpenAI chat messages, after the system prompt.
 * Reasoning and file parts are left out (the format has no place for them); each tool result is one `tool` message.
 */
export function toOpenAIMessages(system: string, messages: readonly LoopMessage[]): OpenAIMessage[] {
  const out: OpenAIMessage[] = [{ role: "system", content: system }];
  for (const message of messages) {
    if (message.role === "user") out.push({ role: "user", content: message.content });
    else if (message.role === "assistant") out.push(assistantMessage(message));
    else
      for (const part of message.content)
        out.push({ role: "tool", tool_call_id: part.toolCallId, content: toolOutputText(part.output) });
  }
  return out;
}

/**
 * Splits a conversation at the last assistant turn that holds a concluding call: the messages before it, and that
 * turn with the concluding call only (the first one, the one the loop counted). Calls the model made in the same
 * turn, and their results, are left out, so that the conclusion is the last word. Without a concluding call (a run
 * stopped at its step limit), the whole conversation is the prompt.
 */
export function splitAtConclusion(messages: readonly OpenAIMessage[]): SplitConversation {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index] as OpenAIMessage;
    if (message.role !== "assistant") continue;
    const concluding = message.tool_calls?.find((call) => controlToolNames.includes(call.function.name));
    if (concluding === undefined) continue;
    return {
      prompt: messages.slice(0, index),
      conclusion: { role: "assistant", content: message.content, tool_calls: [concluding] },
    };
  }
  return { prompt: [...messages], conclusion: undefined };
}
