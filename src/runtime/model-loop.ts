import { generateText, type ModelMessage, type ToolResultPart } from "ai";
import type { AgentConclusion, ModelAgent, ToolCallResult } from "./agent.js";
import { gatedCall } from "./gated-call.js";
import { buildModelTools, controlToolNames, controlTools, splitActionArguments } from "./model-tools.js";
import type { DecisionRecord } from "./outcome.js";
import type { RunSession } from "./run-session.js";
import { buildSystemPrompt } from "./system-prompt.js";

interface PendingCall {
  toolCallId: string;
  toolName: string;
  input: unknown;
}

/** The model loop's durable state: the conversation, and calls of the last answer not yet handled. */
export interface ModelLoopState {
  messages: ModelMessage[];
  step: number;
  repairs: number;
  pending: PendingCall[];
  results: ToolResultPart[];
  conclusion: AgentConclusion | null;
}

/**
 * Drives a model step by step. The AI SDK only talks to the model; every tool call it returns goes through the
 * gate here, and the loop state is saved after every step and every call, so a suspended or crashed run resumes
 * exactly where it stopped. One repair attempt is given for a missing or invalid decision; then `needs_review`.
 */
export async function runModelLoop(
  session: RunSession,
  agent: ModelAgent,
  input: unknown,
): Promise<AgentConclusion> {
  const state = (session.state.agent as ModelLoopState | null) ?? initialState(input);
  session.state.agent = state;
  const tools = buildModelTools(session.charter, session.registry);
  const system = buildSystemPrompt(session.charter, session.facts);

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
    const response = await generateText({
      model: agent.model,
      system,
      messages: state.messages,
      tools,
      toolChoice: "auto",
      maxRetries: agent.maxRetries ?? 2,
      abortSignal: session.signal,
      ...(agent.temperature === undefined ? {} : { temperature: agent.temperature }),
    });
    session.state.usage.modelCalls++;
    session.state.usage.inputTokens += response.usage.inputTokens ?? 0;
    session.state.usage.outputTokens += response.usage.outputTokens ?? 0;
    const calls: PendingCall[] = response.toolCalls.map((c) => ({
      toolCallId: c.toolCallId,
      toolName: c.toolName,
      input: c.input,
    }));
    await session.audit("model.called", {
      step: state.step,
      model: agent.name,
      usage: { inputTokens: response.usage.inputTokens ?? 0, outputTokens: response.usage.outputTokens ?? 0 },
      toolCalls: calls.map((c) => ({ callId: c.toolCallId, toolName: c.toolName })),
      ...(response.text ? { text: response.text } : {}),
    });
    // Keep the model's own message; tool results (including the SDK's own for unknown tools) are written by the gate.
    state.messages.push(...response.response.messages.filter((m) => m.role === "assistant"));

    const control = calls.filter((c) => controlToolNames.includes(c.toolName));
    state.pending = calls.filter((c) => !controlToolNames.includes(c.toolName));
    if (control.length === 0 && state.pending.length === 0) {
      if (state.repairs >= 1)
        return needsReview("the model answered without a tool call or a decision, twice", response.text);
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

function initialState(input: unknown): ModelLoopState {
  return {
    messages: [{ role: "user", content: `Input:\n${JSON.stringify(input, null, 2)}` }],
    step: 0,
    repairs: 0,
    pending: [],
    results: [],
    conclusion: null,
  };
}

type Concluded = { ok: true; conclusion: AgentConclusion } | { ok: false; error: string };

function concludeFrom(session: RunSession, call: PendingCall): Concluded {
  const input = (call.input ?? {}) as Record<string, unknown>;
  switch (call.toolName) {
    case controlTools.decide: {
      const parsed = session.charter.decision.schema.safeParse(call.input);
      if (parsed.success)
        return { ok: true, conclusion: { type: "decision", decision: parsed.data as DecisionRecord } };
      const issues = parsed.error.issues
        .map((i) => `${i.path.join(".") || "(decision)"}: ${i.message}`)
        .join("; ");
      return { ok: false, error: `the decision does not match the charter's decision schema (${issues})` };
    }
    case controlTools.escalate:
      if (typeof input.reason !== "string") return { ok: false, error: "an escalation needs a reason" };
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

function toolResult(call: PendingCall, result: ToolCallResult): ToolResultPart {
  const value = JSON.parse(JSON.stringify(result));
  return {
    type: "tool-result",
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    output: { type: "json", value },
  };
}

function errorResult(call: PendingCall, message: string): ToolResultPart {
  return {
    type: "tool-result",
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    output: { type: "error-text", value: message },
  };
}
