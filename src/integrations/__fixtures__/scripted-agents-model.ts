import type { Model, ModelRequest, ModelResponse } from "@openai/agents-core";
import { Usage } from "@openai/agents-core";

/** One scripted answer: function calls, or a final text. */
export type AgentsStep = { calls: { callId: string; name: string; input: unknown }[] } | { text: string };

/**
 * A model of the OpenAI Agents SDK (its `Model` interface) that answers with its script, in order, and records each
 * request; a request beyond the script throws, like `scriptedModel`.
 */
export function scriptedAgentsModel(steps: AgentsStep[]): Model & {
  requests: ModelRequest[];
  remaining(): number;
} {
  const requests: ModelRequest[] = [];
  return {
    requests,
    remaining: () => steps.length - requests.length,
    async getResponse(request: ModelRequest): Promise<ModelResponse> {
      const step = steps[requests.length];
      requests.push(request);
      if (step === undefined)
        throw new Error(`scripted agents model: request ${requests.length} is beyond the script`);
      const usage = new Usage({ requests: 1, inputTokens: 10, outputTokens: 5, totalTokens: 15 });
      if ("text" in step) {
        return {
          usage,
          output: [
            {
              type: "message",
              role: "assistant",
              status: "completed",
              content: [{ type: "output_text", text: step.text }],
            },
          ],
        };
      }
      return {
        usage,
        output: step.calls.map((call) => ({
          type: "function_call" as const,
          callId: call.callId,
          name: call.name,
          status: "completed" as const,
          arguments: JSON.stringify(call.input),
        })),
      };
    },
    getStreamedResponse(): AsyncIterable<never> {
      throw new Error("scripted agents model: streaming is not scripted");
    },
  };
}

/** The tool outputs the model was given in a request, by call id. */
export function toolOutputs(request: ModelRequest | undefined): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  const input = request?.input;
  if (!Array.isArray(input)) return outputs;
  for (const item of input) {
    if (item.type !== "function_call_result") continue;
    const output: unknown = item.output;
    const text = typeof output === "string" ? output : ((output as { text?: string }).text ?? "null");
    outputs[item.callId] = JSON.parse(text);
  }
  return outputs;
}
