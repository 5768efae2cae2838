import type { LanguageModelV3ToolResultPart } from "@ai-sdk/provider";
import type { Attributes } from "@opentelemetry/api";
import { ErrorCode } from "../errors/codes.js";
import { ReinsError, SystemError } from "../errors/reins-error.js";
import { asLanguageModelV3 } from "../model/language-model.js";
import { GenAi } from "../telemetry/attributes.js";
import type { OpenSpan } from "../telemetry/run-telemetry.js";
import type { AgentConclusion, ModelAgent, ToolCallResult } from "./agent.js";
import { deadline } from "./deadline.js";
import { checkDecision } from "./decision-check.js";
import { gatedCall } from "./gated-call.js";
import { type ModelToolCall as PendingCall, readModelAnswer } from "./model-answer.js";
import { type LoopMessage, toProviderPrompt } from "./model-prompt.js";
import { createModelRetry } from "./model-retry.js";
import { buildModelTools, controlToolNames, controlTools, splitActionArguments } from "./model-tools.js";
import type { RunSession } from "./run-session.js";
import { scopedSignal } from "./scoped-signal.js";
import { buildSystemPrompt } from "./system-prompt.js";

/** The model loop's durable state: the conversation, and calls of the last answer not yet handled. */
export interface ModelLoopState {
  /**
   * The conversation after the run's input. With `inputMessage: "derived"` the input's message is not kept here: it
   * is made from the run's input for each prompt, so the checkpoint never holds the input as text, where redaction
   * by field could not find a charter field. A state without it (written before) starts with that message.
   */
  messages: LoopMessage[];
  inputMessage?: "derived";
  step: number;
  repairs: number;
  pending: PendingCall[];
  results: LanguageModelV3ToolResultPart[];
  conclusion: AgentConclusion | null;
}

/**
 * Drives a model step by step. It calls the provider's `doGenerate` itself, with a prompt built from the saved
 * conversation (`generateText` re-validated the whole conversation at every step, see BENCHMARKS.md); every
 * tool call the model returns goes through the gate here, and the loop state is saved after every step and every
 * call, so a suspended or crashed run resumes exactly where it stopped. One repair attempt is given for a missing or
 * invalid decision; then `needs_review`.
 */
export async function runModelLoop(session: RunSession, agent: ModelAgent): Promise<AgentConclusion> {
  // The provider's fetch leaves a listener on each request's signal until it is collected: give it one of this run's.
  const scoped = scopedSignal(session.signal);
  try {
    return await loop(session, agent, scoped.signal);
  } finally {
    scoped.release();
  }
}

async function loop(session: RunSession, agent: ModelAgent, signal: AbortSignal): Promise<AgentConclusion> {
  const state = (session.state.agent as ModelLoopState | null) ?? initialState();
  session.state.agent = state;
  const tools = buildModelTools(session.charter, session.registry);
  const offered = new Set(tools.map((t) => t.name));
  const system = buildSystemPrompt(session.charter, session.facts);
  const retry = agent.retry ?? createModelRetry(agent.maxRetries ?? 2);
  // A v4 (AI SDK 7) model is called through its v3 view: the loop and its checkpoints speak v3 either way.
  const model = asLanguageModelV3(agent.model, "agent.model");

  for (;;) {
    while (state.pending.length > 0) {
      const call = state.pending[0] as PendingCall;
      const card = session.registry.get(call.toolName);
      const args = card?.effect === "action" ? splitActionArguments(call.input) : { input: call.input };
      const result = await gatedCall(session, { callId: call.toolCallId, toolName: call.toolName, ...args });
      state.results.push(toolResult(call, result));
      state.pending.shift();
      await session.save();
    }
    if (state.results.length > 0) {
      state.messages.push({ role: "tool", content: state.results });
      state.results = [];
      await session.save();
    }
    if (state.conclusion) return state.conclusion;
    if (state.step >= session.charter.limits.maxSteps) {
      return {
        type: "escalation",
        reason: "step_limit",
        evidence: `no conclusion after ${state.step} model steps (limits.maxSteps)`,
      };
    }

    state.step++;
    const prompt = toProviderPrompt(
      system,
      state.inputMessage === "derived" ? [inputMessage(session.input), ...state.messages] : state.messages,
    );
    const chat = session.telemetry?.chat({ provider: agent.model.provider, modelId: agent.model.modelId });
    const result = await traceRequest(chat, () =>
      timedRequest(signal, session.charter.limits.modelTimeoutMs, agent.name, (abortSignal) =>
        retry.run(
          () =>
            model.doGenerate({
              prompt,
              tools: [...tools],
              toolChoice: { type: "auto" },
              abortSignal,
              ...(agent.temperature === undefined ? {} : { temperature: agent.temperature }),
            }),
          abortSignal,
        ),
      ),
    );
    const answer = readModelAnswer(result, offered);
    chat?.set(chatAttributes(result, answer.usage));
    chat?.end();
    const calls = answer.calls;
    session.state.usage.modelCalls++;
    session.state.usage.inputTokens += answer.usage.inputTokens;
    session.state.usage.outputTokens += answer.usage.outputTokens;
    await session.write({
      events: [
        {
          type: "model.called",
          data: {
            step: state.step,
            model: agent.name,
            usage: answer.usage,
            toolCalls: calls.map((c) => ({ callId: c.toolCallId, toolName: c.toolName })),
            ...(answer.text ? { text: answer.text } : {}),
          },
        },
      ],
    });
    // Keep the model's own message; the tool results are written by the gate.
    if (answer.message) state.messages.push(answer.message);

    const control = calls.filter((c) => controlToolNames.includes(c.toolName));
    state.pending = calls.filter((c) => !controlToolNames.includes(c.toolName));
    if (control.length === 0 && state.pending.length === 0) {
      if (state.repairs >= 1)
        return needsReview("the model answered without a tool call or a decision, twice", answer.text);
      state.repairs++;
      state.messages.push({
        role: "user",
        content: `You must finish by calling one of ${controlToolNames.join(", ")}.`,
      });
    }
    for (const [index, call] of control.entries()) {
      if (index > 0 || state.conclusion) {
        state.results.push(errorResult(call, "Ignored: only one concluding call counts."));
        continue;
      }
      const concluded = concludeFrom(session, call);
      if (concluded.ok) {
        state.conclusion = concluded.conclusion;
      } else if (state.repairs >= 1) {
        state.conclusion = needsReview(concluded.error, call.input);
      } else {
        state.repairs++;
        state.results.push(
          errorResult(call, `${concluded.error}. Call ${call.toolName} again with valid arguments.`),
        );
      }
    }
    await session.save();
  }
}

/** A model request under its `chat` span, which fails with the request (its error's code or class, not its message). */
async function traceRequest<T>(chat: OpenSpan | undefined, request: () => Promise<T>): Promise<T> {
  if (chat === undefined) return request();
  try {
    return await request();
  } catch (error) {
    chat.fail(ReinsError.isInstance(error) ? error.code : error instanceof Error ? error.name : "error");
    chat.end();
    throw error;
  }
}

function chatAttributes(
  result: { finishReason?: unknown; response?: { modelId?: string } },
  usage: { inputTokens: number; outputTokens: number },
): Attributes {
  const reason = result.finishReason;
  const finish =
    typeof reason === "object" && reason !== null ? (reason as { unified?: unknown }).unified : reason;
  return {
    [GenAi.inputTokens]: usage.inputTokens,
    [GenAi.outputTokens]: usage.outputTokens,
    // A provider's answer is untrusted: only a finish reason that is a string is kept.
    ...(typeof finish === "string" ? { [GenAi.responseFinishReasons]: [finish] } : {}),
    ...(result.response?.modelId ? { [GenAi.responseModel]: result.response.modelId } : {}),
  };
}

/** What the race against a model request's time limit returns when the limit wins. */
const expired: unique symbol = Symbol("expired");

/**
 * One model request under `limits.modelTimeoutMs`: its attempts and the waits between them (a `retry-after` header
 * included) share the budget, because the provider and the wait both get the deadline's signal.
 */
async function timedRequest<T>(
  signal: AbortSignal,
  timeoutMs: number,
  model: string,
  request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const limit = deadline(signal, timeoutMs);
  const timeout = () =>
    new SystemError({
      code: ErrorCode.ModelTimeout,
      message: `the model ${model} did not answer within ${timeoutMs} ms (limits.modelTimeoutMs), retries included`,
    });
  const pending = request(limit.signal);
  // A model that ignores its abort signal is left behind, not waited on.
  pending.catch(() => {});
  try {
    const answered = await Promise.race([pending, limit.reached.then(() => expired)]);
    if (answered === expired) throw timeout();
    return answered as T;
  } catch (error) {
    if (limit.expired()) throw timeout();
    throw error;
  } finally {
    limit.release();
  }
}

/** How the conversation's first message begins: what follows is the run's input as JSON. */
export const inputMessagePrefix = "Input:\n";

/** The conversation's first message: the run's input as the model reads it. */
export function inputMessage(input: unknown): LoopMessage {
  return { role: "user", content: `${inputMessagePrefix}${JSON.stringify(input, null, 2)}` };
}

function initialState(): ModelLoopState {
  return {
    messages: [],
    inputMessage: "derived",
    step: 0,
    repairs: 0,
    pending: [],
    results: [],
    conclusion: null,
  };
}

type Concluded = { ok: true; conclusion: AgentConclusion } | { ok: false; error: string };

/** The reasons a model may escalate with: the charter's, and "other" (as `reins_escalate` offers them). */
function escalationReasons(charter: RunSession["charter"]): string[] {
  return [...charter.escalation.map((e) => e.reason), "other"];
}

function concludeFrom(session: RunSession, call: PendingCall): Concluded {
  const input = (call.input ?? {}) as Record<string, unknown>;
  switch (call.toolName) {
    case controlTools.decide: {
      const checked = checkDecision(session.charter, call.input);
      if (checked.ok) return { ok: true, conclusion: { type: "decision", decision: checked.decision } };
      return { ok: false, error: checked.problem };
    }
    case controlTools.escalate:
      if (typeof input.reason !== "string") return { ok: false, error: "an escalation needs a reason" };
      if (!escalationReasons(session.charter).includes(input.reason)) {
        // The model is offered these reasons only; a reason outside them would reach the human as if the charter gave it.
        return {
          ok: false,
          error: `escalation reason "${input.reason}" is not one of the charter's: ${escalationReasons(session.charter).join(", ")}`,
        };
      }
      return {
        ok: true,
        conclusion: {
          type: "escalation",
          reason: input.reason,
          evidence: input.evidence ?? null,
          ...(typeof input.recommendation === "string" ? { recommendation: input.recommendation } : {}),
        },
      };
    case controlTools.ask: {
      const fields = Array.isArray(input.fields) ? input.fields.map(String) : [];
      if (fields.length === 0 || typeof input.question !== "string")
        return { ok: false, error: "asking needs the missing fields and a question" };
      return { ok: true, conclusion: { type: "needs-input", fields, question: input.question } };
    }
    default:
      if (typeof input.reason !== "string") return { ok: false, error: "a refusal needs a reason" };
      return { ok: true, conclusion: { type: "refusal", reason: input.reason } };
  }
}

function needsReview(problem: string, attempt: unknown): AgentConclusion {
  return { type: "escalation", reason: "needs_review", evidence: { problem, lastAttempt: attempt ?? null } };
}

function toolResult(call: PendingCall, result: ToolCallResult): LanguageModelV3ToolResultPart {
  const value = JSON.parse(JSON.stringify(result));
  return {
    type: "tool-result",
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    output: { type: "json", value },
  };
}

function errorResult(call: PendingCall, message: string): LanguageModelV3ToolResultPart {
  return {
    type: "tool-result",
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    output: { type: "error-text", value: message },
  };
}
