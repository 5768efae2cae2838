import type {
  LanguageModelV3FilePart,
  LanguageModelV3Prompt,
  LanguageModelV3ReasoningPart,
  LanguageModelV3TextPart,
  LanguageModelV3ToolCallPart,
  LanguageModelV3ToolResultPart,
} from "@ai-sdk/provider";

/** A part of a model message the loop keeps: text, reasoning, a file (base64) or a tool call with parsed input. */
export type AssistantPart =
  | LanguageModelV3TextPart
  | LanguageModelV3ReasoningPart
  | (LanguageModelV3FilePart & { data: string })
  | LanguageModelV3ToolCallPart;

/**
 * One message of the model loop's conversation, as saved in run checkpoints. The shape is the AI SDK's
 * `ModelMessage` (the loop used to store `generateText`'s response messages), so that checkpoints saved before and
 * after read the same.
 */
export type LoopMessage =
  | { role: "user"; content: string }
  | { role: "assistant"; content: AssistantPart[] }
  | { role: "tool"; content: LanguageModelV3ToolResultPart[] };

/**
 * The prompt the provider gets: the system prompt, then the conversation. The parts are the checkpoint's own objects
 * (the provider only reads them); only the message arrays are new. As `generateText` did, empty text parts are left
 * out and consecutive tool messages are merged.
 */
export function toProviderPrompt(system: string, messages: readonly LoopMessage[]): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [{ role: "system", content: system }];
  for (const message of messages) {
    switch (message.role) {
      case "user":
        prompt.push({ role: "user", content: [{ type: "text", text: message.content }] });
        break;
      case "assistant":
        prompt.push({
          role: "assistant",
          content: message.content.filter(
            (part) => part.type !== "text" || part.text !== "" || part.providerOptions !== undefined,
          ),
        });
        break;
      case "tool": {
        const last = prompt.at(-1);
        if (last?.role === "tool") last.content.push(...message.content);
        else prompt.push({ role: "tool", content: [...message.content] });
        break;
      }
    }
  }
  return prompt;
}
