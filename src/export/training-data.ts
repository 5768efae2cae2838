import type { LanguageModelV3FunctionTool } from "@ai-sdk/provider";
import type { Redactor } from "../audit/redact.js";
import { hashJson } from "../hash/canonical-hash.js";
import { groundTruth } from "../review/ground-truth.js";
import { inputMessage, inputMessagePrefix } from "../runtime/model-loop.js";
import type { LoopMessage } from "../runtime/model-prompt.js";
import { controlTools } from "../runtime/model-tools.js";
import type { ReviewCorrection, ReviewRecord, RunRecord } from "../store/store.js";
import {
  type OpenAIAssistantMessage,
  type OpenAIMessage,
  splitAtConclusion,
  toOpenAIMessages,
} from "./openai-messages.js";

/** The formats `reins export training` writes. */
export const trainingFormats = ["openai-sft", "openai-dpo", "trl-preference"] as const;
export type TrainingFormat = (typeof trainingFormats)[number];

/** A tool as OpenAI's fine-tuning format lists it. */
export interface OpenAITool {
  type: "function";
  function: { name: string; description: string; parameters: unknown };
}

/** One reviewed run ready to be exported: its conversation as OpenAI messages, and the turn that corrects it. */
export interface TrainingItem {
  runId: string;
  review: ReviewRecord;
  prompt: OpenAIMessage[];
  /** The agent's own concluding turn, if it made one. */
  actual: OpenAIAssistantMessage | undefined;
  /** The reviewer's correction as a concluding turn (edited or rejected with a decision or fields). */
  corrected: OpenAIAssistantMessage | undefined;
}

/** Why a reviewed run gave no line. */
export type SkipReason =
  | "function agent (no model conversation)"
  | "no conversation kept"
  | "no concluding turn"
  | "approved (no preference pair)"
  | "no correction"
  | "correction changes actions"
  | "review escalated";

export interface TrainingSummary {
  format: TrainingFormat;
  written: number;
  /** Runs whose reviewers disagree (no ground truth by agreement). */
  disputed: string[];
  skipped: { runId: string; reason: SkipReason }[];
  /** Runs whose input is an eval case's input (same canonical hash after redaction). */
  overlapping: { runId: string; caseIds: string[] }[];
  /** Whether overlapping runs were left out (`excludeEvalOverlap`). */
  overlapExcluded: boolean;
  /** Whether eval cases were given to check against at all. */
  evalChecked: boolean;
}

export interface TrainingData {
  lines: unknown[];
  summary: TrainingSummary;
}

/** A run with what the export reads of it. */
export interface ReviewedRun {
  run: RunRecord;
  reviews: readonly ReviewRecord[];
}

export interface BuildTrainingDataOptions {
  format: TrainingFormat;
  runs: readonly ReviewedRun[];
  /** The system prompt the charter gives (facts in scope at run time are not kept, so not in it). */
  system: string;
  /** The tools offered to the model (`buildModelTools`). */
  tools: readonly LanguageModelV3FunctionTool[];
  /** The charter's redactor with the secret patterns, applied again to everything written. */
  redact: Redactor;
  /** Eval cases to keep out of training: case id → input (redacted the same way before it is compared). */
  evalCases?: readonly { id: string; input: unknown }[];
  excludeEvalOverlap?: boolean;
}

/** The tool cards as OpenAI's `tools` list, from the JSON Schemas the model is offered. */
export function openAITools(tools: readonly LanguageModelV3FunctionTool[]): OpenAITool[] {
  return tools.map((tool) => ({
    type: "function",
    function: { name: tool.name, description: tool.description ?? "", parameters: tool.inputSchema },
  }));
}

function loopMessages(run: RunRecord): LoopMessage[] | undefined {
  const agent = (run.checkpoint as { agent?: { messages?: unknown; inputMessage?: unknown } } | null)?.agent;
  const messages = agent?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  // A conversation kept without its opening message (`inputMessage: "derived"`, what the loop writes now) gets it
  // back from the run's stored input, as the loop made it for each prompt; older ones start with it.
  return agent?.inputMessage === "derived"
    ? [inputMessage(run.input), ...(messages as LoopMessage[])]
    : (messages as LoopMessage[]);
}

function hasCorrection(correction: ReviewCorrection | null): correction is ReviewCorrection {
  return (
    correction !== null &&
    (correction.decision !== undefined ||
      (correction.fields !== undefined && Object.keys(correction.fields).length > 0))
  );
}

/**
 * The correction as the agent's concluding call: `reins_decide` with the corrected decision and fields, over the
 * agent's own decision arguments when it decided (its rationale and confidence stay), or alone when it did not.
 */
function correctedTurn(
  actual: OpenAIAssistantMessage | undefined,
  correction: ReviewCorrection,
  runId: string,
): OpenAIAssistantMessage {
  const call = actual?.tool_calls?.[0];
  let base: Record<string, unknown> = {};
  if (call?.function.name === controlTools.decide) {
    const parsed: unknown = JSON.parse(call.function.arguments);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      base = parsed as Record<string, unknown>;
  }
  const args = {
    ...base,
    ...(correction.fields ?? {}),
    ...(correction.decision === undefined ? {} : { decision: correction.decision }),
  };
  return {
    role: "assistant",
    content: null,
    tool_calls: [
      {
        id: call?.id ?? `correction_${runId}`,
        type: "function",
        function: { name: controlTools.decide, arguments: JSON.stringify(args) },
      },
    ],
  };
}

function overlapIndex(
  cases: readonly { id: string; input: unknown }[],
  redact: Redactor,
): Map<string, string[]> {
  const byHash = new Map<string, string[]>();
  for (const item of cases) {
    const hash = hashJson(redact(item.input));
    byHash.set(hash, [...(byHash.get(hash) ?? []), item.id]);
  }
  return byHash;
}

/**
 * The conversation with its opening message rebuilt from the run's stored input, redacted. The loop writes the input
 * into that message as JSON text, where a redacted field is text too and field redaction cannot reach it; the run's
 * own input is stored redacted as data.
 */
function withStoredInput(messages: LoopMessage[], run: RunRecord, redact: Redactor): LoopMessage[] {
  const [first, ...rest] = messages;
  if (first?.role !== "user" || !first.content.startsWith(inputMessagePrefix)) return messages;
  return [inputMessage(redact(run.input)), ...rest];
}

/** A reviewed run as a training item, or why it gives none (before the format is applied). */
function itemOf(
  entry: ReviewedRun,
  review: ReviewRecord,
  redact: Redactor,
  system: string,
): { item: TrainingItem } | { skip: SkipReason } {
  const { run } = entry;
  if (run.agent.startsWith("function:")) return { skip: "function agent (no model conversation)" as const };
  const messages = loopMessages(run);
  if (messages === undefined) return { skip: "no conversation kept" as const };
  if (review.outcome === "escalated") return { skip: "review escalated" as const };
  // Stored redacted already; redacted again (the charter's fields and the secret patterns) before anything is written,
  // on the structured messages, so that a field inside a tool call's arguments is reached before they become text.
  const conversation = toOpenAIMessages(
    system,
    withStoredInput(redact(messages) as LoopMessage[], run, redact),
  );
  const { prompt, conclusion } = splitAtConclusion(conversation);
  if (review.outcome === "approved") {
    if (conclusion === undefined) return { skip: "no concluding turn" as const };
    return { item: { runId: run.id, review, prompt, actual: conclusion, corrected: undefined } };
  }
  const correction = review.correction === null ? null : (redact(review.correction) as ReviewCorrection);
  if (correction?.actions !== undefined && correction.actions.length > 0)
    return { skip: "correction changes actions" as const };
  if (!hasCorrection(correction)) return { skip: "no correction" as const };
  return {
    item: {
      runId: run.id,
      review,
      prompt,
      actual: conclusion,
      corrected: correctedTurn(conclusion, correction, run.id),
    },
  };
}

/** The format's line for an item, or why the format takes none of it. */
function lineOf(
  format: TrainingFormat,
  item: TrainingItem,
  tools: OpenAITool[],
): { line: unknown } | { skip: SkipReason } {
  const final = item.corrected ?? item.actual;
  if (format === "openai-sft") {
    if (final === undefined) return { skip: "no concluding turn" };
    return { line: { messages: [...item.prompt, final], tools } };
  }
  if (item.corrected === undefined) return { skip: "approved (no preference pair)" };
  if (item.actual === undefined) return { skip: "no concluding turn" };
  if (format === "openai-dpo")
    return {
      line: {
        input: { messages: item.prompt, tools },
        preferred_output: [item.corrected],
        non_preferred_output: [item.actual],
      },
    };
  return { line: trlPreference(item.prompt, item.corrected, item.actual, tools) };
}

type TrlMessage = Record<string, unknown>;

/**
 * TRL's conversational preference format: `prompt`, `chosen` and `rejected` as lists of messages, with the tools as
 * `tools`. Tool calls are written the way chat templates take them (transformers): `arguments` as an object, and each
 * tool message with the tool's `name`.
 */
function trlPreference(
  prompt: OpenAIMessage[],
  chosen: OpenAIAssistantMessage,
  rejected: OpenAIAssistantMessage,
  tools: OpenAITool[],
): unknown {
  const names = new Map<string, string>();
  for (const message of prompt)
    if (message.role === "assistant")
      for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
  const convert = (message: OpenAIMessage): TrlMessage => {
    if (message.role === "assistant")
      return {
        role: "assistant",
        content: message.content ?? "",
        ...(message.tool_calls === undefined
          ? {}
          : {
              tool_calls: message.tool_calls.map((call) => ({
                id: call.id,
                type: "function",
                function: { name: call.function.name, arguments: JSON.parse(call.function.arguments) },
              })),
            }),
      };
    if (message.role === "tool")
      return {
        role: "tool",
        tool_call_id: message.tool_call_id,
        name: names.get(message.tool_call_id) ?? "",
        content: message.content,
      };
    return { ...message };
  };
  return {
    prompt: prompt.map(convert),
    chosen: [convert(chosen)],
    rejected: [convert(rejected)],
    tools,
  };
}

/**
 * Reviewed runs as training data in one format: a pure function of the runs, their reviews and the charter. The
 * ground truth is taken by agreement: a run whose reviewers disagree is dropped and counted. Runs whose input is an
 * eval case's are reported, and left out with `excludeEvalOverlap`.
 */
export function buildTrainingData(options: BuildTrainingDataOptions): TrainingData {
  // The tools' JSON Schemas are the charter's, not data: redacting them would break a property named like a secret.
  const tools = openAITools(options.tools);
  const cases = overlapIndex(options.evalCases ?? [], options.redact);
  const summary: TrainingSummary = {
    format: options.format,
    written: 0,
    disputed: [],
    skipped: [],
    overlapping: [],
    overlapExcluded: options.excludeEvalOverlap === true,
    evalChecked: options.evalCases !== undefined,
  };
  const lines: unknown[] = [];
  for (const entry of options.runs) {
    if (entry.reviews.length === 0) continue;
    const truth = groundTruth(entry.reviews, "agreement");
    if (truth === undefined) {
      summary.disputed.push(entry.run.id);
      continue;
    }
    const caseIds = cases.get(hashJson(options.redact(entry.run.input)));
    if (caseIds !== undefined) {
      summary.overlapping.push({ runId: entry.run.id, caseIds });
      if (options.excludeEvalOverlap) continue;
    }
    const made = itemOf(entry, truth.review, options.redact, options.system);
    if ("skip" in made) {
      summary.skipped.push({ runId: entry.run.id, reason: made.skip });
      continue;
    }
    const line = lineOf(options.format, made.item, tools);
    if ("skip" in line) {
      summary.skipped.push({ runId: entry.run.id, reason: line.skip });
      continue;
    }
    lines.push(line.line);
    summary.written++;
  }
  return { lines, summary };
}
