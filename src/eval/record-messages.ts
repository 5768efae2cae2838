import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { asLanguageModelV3 } from "../model/language-model.js";
import type { ModelAgent } from "../runtime/agent.js";

/** One model message as a transcript keeps it: its role and its parts as readable text. */
export interface TranscriptMessage {
  role: string;
  content: string;
}

/** A model agent whose conversation is kept: the last prompt it was sent and the last answer it gave. */
export interface RecordingAgent {
  agent: ModelAgent;
  /** The conversation so far (the last prompt, then the last answer), as readable messages. */
  messages(): TranscriptMessage[];
}

/**
 * Wraps a model agent so that its conversation can be read after the run. Each prompt holds the whole conversation so
 * far, so the last one plus its answer is the whole transcript. The model is proxied, not copied: providers are
 * classes whose getters and private fields need the original object.
 */
export function recordMessages(agent: ModelAgent): RecordingAgent {
  // The v3 view of a v4 model: the transcript reads the prompts and answers the loop itself sees.
  const original = asLanguageModelV3(agent.model, "agent.model");
  let prompt: LanguageModelV3CallOptions["prompt"] = [];
  let answer: TranscriptMessage | undefined;
  const doGenerate: LanguageModelV3["doGenerate"] = async (options) => {
    prompt = options.prompt;
    answer = undefined;
    const result = await original.doGenerate(options);
    answer = {
      role: "assistant",
      content: result.content.map((part) => partText(part as unknown as Part)).join("\n"),
    };
    return result;
  };
  const model = new Proxy(original, {
    get(target, property) {
      if (property === "doGenerate") return doGenerate;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    agent: { ...agent, model },
    messages: () => [
      ...prompt.map((message) => ({
        role: message.role,
        content:
          typeof message.content === "string"
            ? message.content
            : message.content.map((part) => partText(part as unknown as Part)).join("\n"),
      })),
      ...(answer ? [answer] : []),
    ],
  };
}

type Part = { type: string } & Record<string, unknown>;

/** A message part as text: text as is, a tool call as `→ name(input)`, a tool result as `← name: output`. */
function partText(part: Part): string {
  switch (part.type) {
    case "text":
      return String(part.text);
    case "reasoning":
      return `(reasoning) ${String(part.text)}`;
    case "tool-call":
      return `→ ${String(part.toolName)}(${typeof part.input === "string" ? part.input : JSON.stringify(part.input)})`;
    case "tool-result": {
      const output = part.output as { type?: string; value?: unknown } | undefined;
      const value = output && "value" in output ? output.value : (output ?? part.result);
      return `← ${String(part.toolName)}: ${typeof value === "string" ? value : JSON.stringify(value)}`;
    }
    default:
      return `[${part.type}]`;
  }
}
