import type { Attributes, Context, Span, Tracer } from "@opentelemetry/api";
import { GenAi, ReinsAttr } from "./attributes.js";
import { loadOtelApi, type OtelApiModule } from "./otel-api.js";

/**
 * An OpenTelemetry `Tracer` (`@opentelemetry/api`), typed by the one method Reins' options need to name, so that
 * Reins' own types load without OpenTelemetry installed; any tracer of the API is one.
 */
export interface TracerLike {
  startSpan(name: string, options?: unknown, context?: unknown): unknown;
}

/** Where a run's spans go: an OpenTelemetry tracer, or `false` for none. Default: the globally registered tracer. */
export type TracerOption = TracerLike | false;

/** What starting a run's span needs to know. */
export interface RunSpanStart {
  tracer?: TracerOption;
  /** The context the run's span is a child of (an OpenTelemetry `Context`); default the active one. */
  parent?: unknown;
  charter: { name: string; version: string };
  runId: string;
  agent: string;
  autonomy: string;
  resumed: boolean;
}

/** How a run ended, as its span records it (no input, output or reason text: only names, codes and counts). */
export interface RunSpanEnd {
  status: string;
  outcome: { type: string; code?: string } | null;
  usage: { modelCalls: number; inputTokens: number; outputTokens: number };
  approvalId?: string;
}

/** A span in progress. Attribute values are names, ids, codes and counts: never inputs, outputs or messages. */
export interface OpenSpan {
  set(attributes: Attributes): void;
  /** Marks the span failed with an error type (a code or a class name, never the message, which may hold data). */
  fail(errorType: string): void;
  end(): void;
  /** Runs `work` with this span as the active one, so that what the work traces itself nests under it. */
  within<T>(work: () => T): T;
}

/**
 * A traced run: its `invoke_agent` span, and the `chat` and `execute_tool` spans under it. A run is traced only when a
 * tracer records (an OpenTelemetry SDK is registered, or one is given); otherwise it gets no telemetry at all and its
 * calls pay nothing for it.
 */
export interface RunTelemetry {
  chat(model: { provider: string; modelId: string }): OpenSpan;
  tool(toolName: string, callId: string): OpenSpan;
  end(ended: RunSpanEnd): void;
}

/** Starts a run's span, or returns undefined when nothing would record it (no API installed, no SDK, not sampled). */
export async function startRunTelemetry(start: RunSpanStart): Promise<RunTelemetry | undefined> {
  if (start.tracer === false) return undefined;
  const api = await loadOtelApi();
  if (api === undefined) return undefined;
  const tracer = (start.tracer as Tracer | undefined) ?? api.trace.getTracer("reins");
  const parent = (start.parent as Context | undefined) ?? api.context.active();
  const span = tracer.startSpan(
    `invoke_agent ${start.charter.name}`,
    {
      kind: api.SpanKind.INTERNAL,
      attributes: {
        [GenAi.operationName]: "invoke_agent",
        [GenAi.agentName]: start.charter.name,
        [GenAi.agentId]: `${start.charter.name}@${start.charter.version}`,
        [GenAi.conversationId]: start.runId,
        [ReinsAttr.runId]: start.runId,
        [ReinsAttr.charterVersion]: start.charter.version,
        [ReinsAttr.autonomy]: start.autonomy,
        [ReinsAttr.resumed]: start.resumed,
        "reins.agent": start.agent,
      },
    },
    parent,
  );
  if (!span.isRecording()) {
    span.end();
    return undefined;
  }
  const context = api.trace.setSpan(parent, span);
  return {
    chat: (model) =>
      openSpan(
        api,
        tracer.startSpan(
          `chat ${model.modelId}`,
          {
            kind: api.SpanKind.CLIENT,
            attributes: {
              [GenAi.operationName]: "chat",
              [GenAi.providerName]: model.provider,
              [GenAi.requestModel]: model.modelId,
            },
          },
          context,
        ),
        context,
      ),
    tool: (toolName, callId) =>
      openSpan(
        api,
        tracer.startSpan(
          `execute_tool ${toolName}`,
          {
            kind: api.SpanKind.INTERNAL,
            attributes: {
              [GenAi.operationName]: "execute_tool",
              [GenAi.toolName]: toolName,
              [GenAi.toolCallId]: callId,
              [GenAi.toolType]: "function",
            },
          },
          context,
        ),
        context,
      ),
    end: (ended) => {
      span.setAttributes({
        [ReinsAttr.runStatus]: ended.status,
        [GenAi.inputTokens]: ended.usage.inputTokens,
        [GenAi.outputTokens]: ended.usage.outputTokens,
        "reins.usage.model_calls": ended.usage.modelCalls,
        ...(ended.outcome ? { [ReinsAttr.outcome]: ended.outcome.type } : {}),
        ...(ended.approvalId ? { [ReinsAttr.approvalId]: ended.approvalId } : {}),
      });
      if (ended.outcome?.type === "error") {
        const code = ended.outcome.code ?? "error";
        span.setAttribute(GenAi.errorType, code);
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: code });
      }
      span.end();
    },
  };
}

function openSpan(api: OtelApiModule, span: Span, parent: Context): OpenSpan {
  return {
    set: (attributes) => {
      span.setAttributes(attributes);
    },
    fail: (errorType) => {
      span.setAttribute(GenAi.errorType, errorType);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: errorType });
    },
    end: () => span.end(),
    within: (work) => api.context.with(api.trace.setSpan(parent, span), work),
  };
}
