import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3ToolResultPart,
} from "@ai-sdk/provider";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from "../model/language-model-v4.js";
import { callOptionsToV3 } from "../model/language-model-v4-adapter.js";
import { describeLastMessage, describeStep } from "./describe-script.js";
import { buildAnswer, type ScriptAnswer, streamParts } from "./script-answer.js";
import type { RecordedCall, ScriptStep } from "./script-step.js";

/** Options of {@link scriptedModel}. */
export interface ScriptedModelOptions {
  /** The answers, in order: call n gets `steps[n]`. */
  steps: ScriptStep[];
  /** Model id the model reports; defaults to `scripted`. */
  modelId?: string;
  /** Provider name the model reports; defaults to `reins.scripted`. */
  provider?: string;
  /**
   * The language model specification it implements: `v3` (AI SDK 6, the default) or `v4` (AI SDK 7, what its
   * providers return); with `v4` it is a {@link ScriptedModelV4}.
   */
  specification?: "v3" | "v4";
}

/** A LanguageModelV3 that replays a script and records what it was asked. */
export interface ScriptedModel extends LanguageModelV3 {
  /** Every call received so far, including one that broke the script. */
  readonly calls: readonly RecordedCall[];
  /** Number of steps not yet consumed. */
  readonly remaining: number;
  /** Throws a `ScriptMismatch` UserError listing the steps that were never consumed. */
  assertConsumed(): void;
}

/**
 * The scripted model's v4 form (`scriptedModel({ …, specification: "v4" })`): the same script, answered through the
 * v4 specification's `doGenerate` and `doStream`. Its answers (text and tool-call parts, stop or tool-calls finish
 * reasons, usage) have the same shape in both specifications.
 */
export interface ScriptedModelV4 extends LanguageModelV4 {
  /** Every call received so far, in v3 form (translated from what it received), so that steps' `expect` read it. */
  readonly calls: readonly RecordedCall[];
  /** Every call's options exactly as received, in v4 form, without the abort signal. */
  readonly v4Calls: readonly Omit<LanguageModelV4CallOptions, "abortSignal">[];
  /** Number of steps not yet consumed. */
  readonly remaining: number;
  /** Throws a `ScriptMismatch` UserError listing the steps that were never consumed. */
  assertConsumed(): void;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function record(
  options: LanguageModelV3CallOptions,
  index: number,
  mode: RecordedCall["mode"],
): RecordedCall {
  const tools = options.tools ?? [];
  const toolResults: LanguageModelV3ToolResultPart[] = [];
  for (const message of options.prompt) {
    if (message.role !== "tool") continue;
    for (const part of message.content) if (part.type === "tool-result") toolResults.push(part);
  }
  return {
    index,
    mode,
    prompt: options.prompt,
    toolNames: tools.map((tool) => tool.name),
    tools: tools.flatMap((tool) => (tool.type === "function" ? [tool] : [])),
    toolChoice: options.toolChoice,
    toolResults,
  };
}

/**
 * A scripted model for tests: the n-th call answers with `steps[n]` (tool calls and/or text) through
 * `doGenerate` or `doStream`. It throws a `ScriptMismatch` UserError on a call beyond the script and on
 * a step that calls a tool the caller did not offer; `assertConsumed()` fails if steps remain.
 * Usage is derived from prompt and output sizes (characters / 4) unless a step overrides it.
 */
export function scriptedModel(options: ScriptedModelOptions & { specification: "v4" }): ScriptedModelV4;
export function scriptedModel(options: ScriptedModelOptions & { specification?: "v3" }): ScriptedModel;
export function scriptedModel(options: ScriptedModelOptions): ScriptedModel | ScriptedModelV4 {
  const model = scriptedModelV3(options);
  return options.specification === "v4" ? asV4(model) : model;
}

function asV4(model: ScriptedModel): ScriptedModelV4 {
  const received: Omit<LanguageModelV4CallOptions, "abortSignal">[] = [];
  const receive = (options: LanguageModelV4CallOptions) => {
    const { abortSignal: _signal, ...kept } = options;
    received.push(kept);
    return callOptionsToV3(options);
  };
  return {
    specificationVersion: "v4",
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: {},
    get calls() {
      return model.calls;
    },
    get v4Calls() {
      return received;
    },
    get remaining() {
      return model.remaining;
    },
    async doGenerate(callOptions) {
      return (await model.doGenerate(receive(callOptions))) as LanguageModelV4GenerateResult;
    },
    async doStream(callOptions) {
      const { stream } = await model.doStream(receive(callOptions));
      return { stream: stream as ReadableStream<LanguageModelV4StreamPart> };
    },
    assertConsumed: () => model.assertConsumed(),
  };
}

function scriptedModelV3(options: ScriptedModelOptions): ScriptedModel {
  const steps = [...options.steps];
  const modelId = options.modelId ?? "scripted";
  const provider = options.provider ?? "reins.scripted";
  const calls: RecordedCall[] = [];
  let consumed = 0;

  const mismatch = (message: string, hint: string) =>
    new UserError({
      code: ErrorCode.ScriptMismatch,
      message: `Scripted model "${modelId}": ${message}`,
      hint,
    });

  function answer(callOptions: LanguageModelV3CallOptions, mode: RecordedCall["mode"]): ScriptAnswer {
    const call = record(callOptions, calls.length, mode);
    calls.push(call);
    const stepIndex = consumed;
    const step = steps[stepIndex];
    if (step === undefined) {
      throw mismatch(
        `unexpected call ${call.index + 1} (the script has ${plural(steps.length, "step")}). ` +
          `Last message of the prompt: ${describeLastMessage(callOptions.prompt)}`,
        "Add a step for this call, or find why the code under test called the model again.",
      );
    }
    consumed++;
    for (const scripted of step.toolCalls ?? []) {
      if (call.toolNames.includes(scripted.toolName) || scripted.unoffered) continue;
      const offered = call.toolNames.length === 0 ? "no tools" : `only ${call.toolNames.join(", ")}`;
      throw mismatch(
        `steps[${stepIndex}] calls tool "${scripted.toolName}", but call ${call.index + 1} offered ${offered}.`,
        "Offer the tool to the model, or fix the tool name in the script.",
      );
    }
    step.expect?.(call);
    return buildAnswer(step, stepIndex, call.index, callOptions);
  }

  return {
    specificationVersion: "v3",
    provider,
    modelId,
    supportedUrls: {},
    get calls() {
      return calls;
    },
    get remaining() {
      return steps.length - consumed;
    },
    async doGenerate(callOptions) {
      const result = answer(callOptions, "generate");
      return {
        content: result.content,
        finishReason: result.finishReason,
        usage: result.usage,
        warnings: [],
        response: { id: result.responseId, modelId },
      };
    },
    async doStream(callOptions) {
      const parts = streamParts(answer(callOptions, "stream"), modelId);
      const stream = new ReadableStream({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      });
      return { stream };
    },
    assertConsumed() {
      if (consumed >= steps.length) return;
      const left = steps.slice(consumed).map((step, i) => `  ${describeStep(step, consumed + i)}`);
      throw mismatch(
        `${plural(left.length, "step")} of ${steps.length} never consumed (the model was called ${plural(calls.length, "time")}):\n${left.join("\n")}`,
        "Remove the extra steps, or find why the code under test stopped calling the model.",
      );
    },
  };
}
