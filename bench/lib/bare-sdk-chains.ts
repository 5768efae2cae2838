/**
 * The floor under `eval-latency`: the same conversations driven with the AI SDK alone — same model client, system
 * prompt, tools, messages and tool results as Reins' model loop, tools executed directly on a fresh world — with no
 * gate, store, audit log, journal or scoring. What this costs is what any harness built on `generateText` pays.
 */
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { generateText, type ModelMessage, type ToolResultPart } from "ai";
import type { EvalCase } from "../../src/eval/case.js";
import type { Suite } from "../../src/eval/suite.js";
import { mapPool } from "../../src/eval/worker-pool.js";
import { buildModelTools, controlToolNames, splitActionArguments } from "../../src/runtime/model-tools.js";
import { buildSystemPrompt } from "../../src/runtime/system-prompt.js";

/** Runs one case's conversation to its concluding call; returns the number of model requests made. */
async function chain(suite: Suite, evalCase: EvalCase, model: LanguageModelV3): Promise<number> {
  const tools = buildModelTools(suite.charter, suite.registry);
  const system = buildSystemPrompt(suite.charter, []);
  const world = suite.environment.create(evalCase.world);
  const messages: ModelMessage[] = [
    { role: "user", content: `Input:\n${JSON.stringify(evalCase.input, null, 2)}` },
  ];
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
    const results: ToolResultPart[] = [];
    for (const call of response.toolCalls) {
      const card = suite.registry.get(call.toolName);
      if (!card) throw new Error(`unknown tool ${call.toolName}`);
      const { input } = card.effect === "action" ? splitActionArguments(call.input) : { input: call.input };
      const context = {
        runId: "bare",
        callId: call.toolCallId,
        idempotencyKey: call.toolCallId,
        signal: new AbortController().signal,
        env: world,
      };
      const output = await card.execute(card.input.parse(input), context);
      results.push({
        type: "tool-result",
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        output: { type: "json", value: JSON.parse(JSON.stringify({ status: "ok", output })) },
      });
    }
    messages.push({ role: "tool", content: results });
  }
  throw new Error(`${evalCase.id}: no conclusion after ${suite.charter.limits.maxSteps} steps`);
}

/** Every case's conversation, `concurrency` at a time (the scheduling `evaluate()` uses); total requests made. */
export async function runBareChains(options: {
  suite: Suite;
  model: LanguageModelV3;
  concurrency: number;
}): Promise<number> {
  const steps = await mapPool(options.suite.cases, options.concurrency, (evalCase) =>
    chain(options.suite, evalCase, options.model),
  );
  return steps.reduce((sum, n) => sum + n, 0);
}
