import type { Context, Tracer } from "@opentelemetry/api";
import { GenAi, ReinsAttr } from "./attributes.js";
import { loadOtelApi } from "./otel-api.js";
import type { TracerOption } from "./run-telemetry.js";

/** A traced evaluation trial: its span (the parent of the trial's run spans) and its scores as events on it. */
export interface TrialTelemetry {
  /** The context the trial's runs start their spans in. */
  context: Context;
  /**
   * Records the trial's scores as `gen_ai.evaluation.result` events (one per score category, and `passed`), then
   * ends the span.
   */
  end(scored: { scores: Record<string, number>; passed: boolean; failures: readonly unknown[] }): void;
  /** Ends the span as failed, with an error type (never a message). */
  fail(errorType: string): void;
}

/** Starts a trial's span `eval_trial {case}`, or returns undefined when nothing would record it. */
export async function startTrialTelemetry(start: {
  tracer?: TracerOption;
  evalId: string;
  caseId: string;
  trial: number;
  suite: string;
}): Promise<TrialTelemetry | undefined> {
  if (start.tracer === false) return undefined;
  const api = await loadOtelApi();
  if (api === undefined) return undefined;
  const tracer = (start.tracer as Tracer | undefined) ?? api.trace.getTracer("reins");
  const parent = api.context.active();
  const span = tracer.startSpan(
    `eval_trial ${start.caseId}`,
    {
      attributes: {
        [ReinsAttr.evalId]: start.evalId,
        [ReinsAttr.caseId]: start.caseId,
        [ReinsAttr.trial]: start.trial,
        [GenAi.agentName]: start.suite,
      },
    },
    parent,
  );
  if (!span.isRecording()) {
    span.end();
    return undefined;
  }
  return {
    context: api.trace.setSpan(parent, span),
    end: (scored) => {
      for (const [name, value] of Object.entries(scored.scores)) {
        span.addEvent(GenAi.evaluationEvent, {
          [GenAi.evaluationName]: name,
          [GenAi.evaluationScoreValue]: value,
          [GenAi.evaluationScoreLabel]: value === 1 ? "pass" : "fail",
        });
      }
      span.addEvent(GenAi.evaluationEvent, {
        [GenAi.evaluationName]: "passed",
        [GenAi.evaluationScoreValue]: scored.passed ? 1 : 0,
        [GenAi.evaluationScoreLabel]: scored.passed ? "pass" : "fail",
      });
      span.end();
    },
    fail: (errorType) => {
      span.setAttribute(GenAi.errorType, errorType);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: errorType });
      span.end();
    },
  };
}
