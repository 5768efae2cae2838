/**
 * The floors under `eval-latency`: the same conversations with no gate, store, audit log, journal or scoring — same
 * model client, system prompt, tools, messages and tool results as Reins' model loop, tools executed directly on a
 * fresh world. Driven two ways:
 *
 * - `generateText`: the AI SDK call, one per step, that Reins' model loop made until it called `doGenerate` itself.
 *   What this costs, any harness built on `generateText` pays.
 * - `doGenerate`: the provider's `LanguageModelV3.doGenerate` called directly with a prompt built here, as Reins'
 *   model loop now does, skipping what `generateText` does around it (validating and converting the whole
 *   conversation at every step, preparing tools, assembling the result). The difference between the two is that work.
 */
import type {
  JSONValue,
  LanguageModelV3,
  LanguageModelV3FunctionTool,
  LanguageModelV3Prompt,
} from "@ai-sdk/provider";
import { generateText, jsonSchema, type ModelMessage, type ToolSet, tool } from "ai";
import type { EvalCase } from "../../src/eval/case.js";
import { mapConcurrent } from "../../src/eval/map-concurrent.js";
import type { Suite } from "../../src/eval/suite.js";
import { buildModelTools, controlToolNames, splitActionArguments } from "../../src/runtime/model-tools.js";
import { buildSystemPrompt } from "../../src/runtime/system-prompt.js";

/** Which call drives the conversation. */
export type FloorVia = "generateText" | "doGenerate";

/** Executes one tool call on the world as the gate would let it through; the result as Reins reports it (JSON). */
async function execute(
  suite: Suite,
  world: unknown,
  call: { toolCallId: string; toolName: string; input: unknown },
) {
  const card = suite.registry.get(call.toolName);
  if (!card) throw new Error(`unknown tool ${call.toolName}`);
  const { input } = card.effect === "action" ? splitActionArguments(call.input) : { input: call.input };
  const context = {
    runId: "floor",
    callId: call.toolCallId,
    idempotencyKey: call.toolCallId,
    signal: new AbortController().signal,
    env: world,
  };
  const output = await card.execute(card.input.parse(input), context);
  return JSON.parse(JSON.stringify({ status: "ok", output })) as JSONValue;
}

/** A step's tool calls executed in order; their results as the next message carries them. */
async function toolResults(
  suite: Suite,
  world: unknown,
  calls: readonly { toolCallId: string; toolName: string; input: unknown }[],
) {
  const results = [];
  for (const call of calls) {
    const value = await execute(suite, world, call);
    results.push({
      type: "tool-result" as const,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      output: { type: "json" as const, value },
    });
  }
  return results;
}

const userText = (evalCase: EvalCase) => `Input:\n${JSON.stringify(evalCase.input, null, 2)}`;

/** One case's conversation through `generateText`; returns the number of model requests made. */
async function viaGenerateText(
  suite: Suite,
  evalCase: EvalCase,
  model: LanguageModelV3,
  tools: ToolSet,
): Promise<number> {
  const system = buildSystemPrompt(suite.charter, []);
  const world = suite.environment.create(evalCase.world);
  const messages: ModelMessage[] = [{ role: "user", content: userText(evalCase) }];
  for (let step = 1; step <= suite.charter.limits.maxSteps; step++) {
    const response = await generateText({
      model,
      system,
      messages,
      tools,
      toolChoice: "auto",
      maxRetries: 0,
    });
    messages.push(...response.response.messages.filter((m) => m.role === "assistant"));
    if (response.toolCalls.some((call) => controlToolNames.includes(call.toolName))) return step;
    messages.push({ role: "tool", content: await toolResults(suite, world, response.toolCalls) });
  }
  throw new Error(`${evalCase.id}: no conclusion after ${suite.charter.limits.maxSteps} steps`);
}

/** The same tools as the AI SDK takes them (`tool()` with the JSON Schema), for `generateText`. */
function sdkTools(tools: readonly LanguageModelV3FunctionTool[]): ToolSet {
  return Object.fromEntries(
    tools.map((t) => [t.name, tool({ description: t.description, inputSchema: jsonSchema(t.inputSchema) })]),
  );
}

/** One case's conversation through the provider's `doGenerate`; returns the number of model requests made. */
async function viaDoGenerate(
  suite: Suite,
  evalCase: EvalCase,
  model: LanguageModelV3,
  tools: readonly LanguageModelV3FunctionTool[],
): Promise<number> {
  const world = suite.environment.create(evalCase.world);
  const prompt: LanguageModelV3Prompt = [
    { role: "system", content: buildSystemPrompt(suite.charter, []) },
    { role: "user", content: [{ type: "text", text: userText(evalCase) }] },
  ];
  for (let step = 1; step <= suite.charter.limits.maxSteps; step++) {
    const response = await model.doGenerate({ prompt, tools: [...tools], toolChoice: { type: "auto" } });
    const calls = response.content.flatMap((part) =>
      part.type === "tool-call"
        ? [{ toolCallId: part.toolCallId, toolName: part.toolName, input: JSON.parse(part.input) as unknown }]
        : [],
    );
    prompt.push({
      role: "assistant",
      content: calls.map((call) => ({ type: "tool-call" as const, ...call })),
    });
    if (calls.some((call) => controlToolNames.includes(call.toolName))) return step;
    prompt.push({ role: "tool", content: await toolResults(suite, world, calls) });
  }
  throw new Error(`${evalCase.id}: no conclusion after ${suite.charter.limits.maxSteps} steps`);
}

/** Every case's conversation, `concurrency` at a time (the scheduling `evaluate()` uses); total requests made. */
export async function runBareChains(options: {
  suite: Suite;
  model: LanguageModelV3;
  concurrency: number;
  via: FloorVia;
}): Promise<number> {
  const { suite, model } = options;
  const tools = buildModelTools(suite.charter, suite.registry);
  const toolSet = sdkTools(tools);
  const steps = await mapConcurrent(suite.cases, options.concurrency, (evalCase) =>
    options.via === "doGenerate"
      ? viaDoGenerate(suite, evalCase, model, tools)
      : viaGenerateText(suite, evalCase, model, toolSet),
  );
  return steps.reduce((sum, n) => sum + n, 0);
}
