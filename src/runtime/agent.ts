import type { Charter } from "../charter/charter.js";
import { asLanguageModelV3, type LanguageModel } from "../model/language-model.js";
import type { Reason } from "../policy/verdict.js";
import type { FactRecord } from "../store/store.js";
import { createModelRetry, type ModelRetry } from "./model-retry.js";
import type { DecisionRecord } from "./outcome.js";

/** How an agent ends its work. */
export type AgentConclusion =
  | { type: "decision"; decision: DecisionRecord }
  | { type: "escalation"; reason: string; evidence: unknown; recommendation?: string }
  | { type: "needs-input"; fields: string[]; question: string }
  | { type: "refusal"; reason: string }
  /** The run was one call made for an outside agent (`reins mcp-proxy`): it decided nothing itself. */
  | { type: "proxied"; toolName: string; status: ToolCallResult["status"] };

/** What a gated tool call returns to the agent. Denials and proposals are values: the agent decides what next. */
export type ToolCallResult =
  | { status: "ok"; output: unknown }
  | { status: "denied"; reasons: Reason[]; message: string }
  | { status: "proposed"; proposalId: string; message: string }
  | { status: "shadowed"; message: string }
  | { status: "rejected"; reason: string; message: string }
  | { status: "error"; message: string };

export interface CallOptions {
  /** The agent's confidence in this action (0–1); below the charter's threshold an action becomes a draft. */
  confidence?: number;
  /** Keys of the remembered facts this call rests on; actions may not rest on inferred or expired facts. */
  basedOn?: string[];
  /** A stable id for this call; defaults to the call's position in the run (`call-1`, `call-2`, …). */
  callId?: string;
}

/** What a function agent gets: the input, the charter, scoped facts, and tools that all pass through the gate. */
export interface AgentContext<Input = unknown> {
  input: Input;
  charter: Charter;
  facts: readonly FactRecord[];
  call(toolName: string, input: unknown, options?: CallOptions): Promise<ToolCallResult>;
  signal: AbortSignal;
}

/**
 * Bring your own agent: a function that gets gated tools. On resume it is run again from the start; calls already
 * made return their recorded results (nothing executes twice), so it must make the same calls in the same order
 * for the same results, as a deterministic program does.
 */
export interface FunctionAgent {
  kind: "function";
  name: string;
  run(context: AgentContext): Promise<AgentConclusion>;
}

/**
 * An AI SDK language model, driven by Reins' own loop through its `doGenerate`, so that every tool call passes through
 * the gate: a v3 model (the AI SDK 6 providers, `resolveModel`, `wrapLanguageModel`) or a v4 model (the AI SDK 7
 * providers), which the loop calls through its v3 view (see `asLanguageModelV3`).
 */
export interface ModelAgent {
  kind: "model";
  model: LanguageModel;
  /** Label for reports, e.g. `openai:gpt-4.1-mini`. */
  name: string;
  /** Sampling temperature, when the provider supports it. */
  temperature?: number;
  /** Retries of a model request on rate limits and transient provider errors (as AI SDK `maxRetries`). Default 2. */
  maxRetries?: number;
  /** Does those retries for every run of this agent (`modelAgent` makes it); without it, each run makes its own. */
  retry?: ModelRetry;
}

export type Agent = FunctionAgent | ModelAgent;

/** Wraps a function as an agent. */
export function functionAgent(name: string, run: FunctionAgent["run"]): FunctionAgent {
  return { kind: "function", name, run };
}

/** Wraps an AI SDK model (v3 or v4) as an agent; anything else is a `ModelUnsupported` UserError. */
export function modelAgent(
  model: LanguageModel,
  options: { name?: string; temperature?: number; maxRetries?: number } = {},
): ModelAgent {
  asLanguageModelV3(model, "model");
  return {
    kind: "model",
    model,
    name: options.name ?? `${model.provider}:${model.modelId}`,
    ...pick(options),
    retry: createModelRetry(options.maxRetries ?? 2),
  };
}

function pick(options: { temperature?: number; maxRetries?: number }) {
  return {
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  };
}

/**
 * Checks an agent before a run records anything: a model agent's model must be a v3 or v4 language model (a
 * `ModelUnsupported` UserError naming `agent.model` otherwise), even when the agent was written as an object literal.
 */
export function checkAgent(agent: Agent): void {
  if (agent.kind === "model") asLanguageModelV3(agent.model, "agent.model");
}

export function agentLabel(agent: Agent): string {
  return agent.kind === "function" ? `function:${agent.name}` : `model:${agent.name}`;
}
