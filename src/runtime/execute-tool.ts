import type { AnyToolCard, FailureResponse, ToolContext } from "../contract/tool-card.js";
import { ToolFailure } from "../contract/tool-card.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { canonicalJson } from "../hash/canonical-hash.js";
import { checkCopiedInput, plainData } from "./plain-data.js";

/** The result of executing one call under its card's contract. */
export type ExecutionResult =
  | { status: "ok"; output: unknown; attempts: number; fallbackUsed?: string }
  /** The tool answered, but its output broke the card's output schema: the data is blocked, never passed on. */
  | { status: "abnormal"; issues: string; attempts: number; fallbackUsed?: string }
  /** It failed; `response` says what the card (or the default) wants done about it. */
  | {
      status: "failed";
      condition: string;
      message: string;
      response: FailureResponse;
      attempts: number;
      evidence?: unknown;
    };

/**
 * What the runtime does when `card` fails with `condition`: the failure mode naming it, else the one naming `error`,
 * else `retry` for timeouts and errors and `stop` for anything else.
 */
export function failureResponse(card: AnyToolCard, condition: string): FailureResponse {
  const mode =
    card.failureModes.find((m) => m.when === condition) ?? card.failureModes.find((m) => m.when === "error");
  if (mode) return mode.response;
  return condition === "timeout" || condition === "error" ? "retry" : "stop";
}

/**
 * Executes a call under its card: each attempt has the card's timeout; failures are matched to failure modes
 * (`retry` up to `retries` extra attempts, then the fallback tool if there is one); the output is validated
 * against the card's output schema.
 */
export async function executeTool(options: {
  card: AnyToolCard;
  input: unknown;
  /** `input` as this card already parsed it (the gate's check): the first attempt runs on it. */
  parsed?: unknown;
  context: Omit<ToolContext, "signal">;
  registry: ToolRegistry;
  /** Aborts every attempt, e.g. when the run is cancelled. */
  signal?: AbortSignal;
}): Promise<ExecutionResult> {
  const { card, registry } = options;
  let attempts = 0;
  for (;;) {
    attempts++;
    const input: AttemptInput =
      attempts === 1 && "parsed" in options ? { parsed: options.parsed } : { raw: options.input };
    const attempt = await attemptOnce(card, input, options.context, options.signal);
    if (attempt.ok) return validateOutput(card, attempt.output, attempts);
    // A call cut off by its timeout may still take effect: only an idempotent tool is tried again or replaced.
    const response =
      attempt.condition === "timeout" && !card.idempotent ? "stop" : failureResponse(card, attempt.condition);
    if (response === "retry" && attempts <= card.retries) continue;
    const fallback = card.fallback === undefined ? undefined : registry.get(card.fallback);
    if (fallback && (response === "fallback" || response === "retry")) {
      const result = await executeTool({
        card: fallback,
        input: options.input,
        context: options.context,
        registry,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const total = attempts + result.attempts;
      if (result.status === "failed") return { ...result, attempts: total };
      return { ...result, attempts: total, fallbackUsed: fallback.name };
    }
    return {
      status: "failed",
      condition: attempt.condition,
      message: attempt.message,
      // Retries exhausted with no fallback: the charter's tool-failure recovery decides (`stop` here means "not retried").
      response: response === "retry" || response === "fallback" ? "stop" : response,
      attempts,
      ...(attempt.evidence === undefined ? {} : { evidence: attempt.evidence }),
    };
  }
}

/** What an attempt runs on: the gate's parsed input (first attempt), or the raw input to copy and parse. */
type AttemptInput = { parsed: unknown } | { raw: unknown };

type Attempt =
  | { ok: true; output: unknown }
  | { ok: false; condition: string; message: string; evidence?: unknown };

function attemptOnce(
  card: AnyToolCard,
  input: AttemptInput,
  context: Omit<ToolContext, "signal">,
  outer: AbortSignal | undefined,
): Promise<Attempt> {
  // The attempt's signal is made when the tool first reads it: most tools never do.
  let controller: AbortController | undefined;
  let timedOut: Error | undefined;
  const abort = () => controller?.abort(outer?.reason);
  const signal = (): AbortSignal => {
    if (!controller) {
      controller = new AbortController();
      if (timedOut) controller.abort(timedOut);
      else if (outer?.aborted) controller.abort(outer.reason);
      else outer?.addEventListener("abort", abort, { once: true });
    }
    return controller.signal;
  };
  // One promise settled by whichever comes first, the tool or its timeout (no `Promise.race` of two).
  return new Promise<Attempt>((resolve) => {
    const settle = (attempt: Attempt) => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", abort);
      resolve(attempt);
    };
    const timer = setTimeout(() => {
      timedOut = new Error("timeout");
      controller?.abort(timedOut);
      settle({
        ok: false,
        condition: "timeout",
        message: `"${card.name}" did not answer within ${card.timeoutMs} ms`,
      });
    }, card.timeoutMs);
    runTool(card, input, context, signal).then(settle);
  });
}

/** Runs the tool once on its parsed input; never rejects: a failure is an `Attempt` too. */
async function runTool(
  card: AnyToolCard,
  input: AttemptInput,
  context: Omit<ToolContext, "signal">,
  signal: () => AbortSignal,
): Promise<Attempt> {
  try {
    const parsed =
      // A retry parses its own copy: what one attempt did to its input is not what the next one gets.
      "parsed" in input ? { ok: true as const, value: input.parsed } : checkCopiedInput(card, input.raw);
    if (!parsed.ok) throw new Error(`invalid input for "${card.name}": ${parsed.problems.join("; ")}`);
    const output = await card.execute(parsed.value, attemptContext(context, signal));
    return { ok: true, output };
  } catch (error) {
    if (ToolFailure.isInstance(error)) {
      return { ok: false, condition: error.condition, message: error.message, ...evidenceOf(error) };
    }
    return {
      ok: false,
      condition: "error",
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The context a tool gets; its `signal` is made when the tool first reads it (most tools never do). */
function attemptContext(context: Omit<ToolContext, "signal">, signal: () => AbortSignal): ToolContext {
  return {
    runId: context.runId,
    callId: context.callId,
    idempotencyKey: context.idempotencyKey,
    env: context.env,
    get signal() {
      return signal();
    },
  };
}

function evidenceOf(error: ToolFailure): { evidence?: unknown } {
  return error.evidence === undefined ? {} : { evidence: error.evidence };
}

function validateOutput(card: AnyToolCard, output: unknown, attempts: number): ExecutionResult {
  const parsed = card.output.safeParse(output);
  if (parsed.success) {
    // The output is kept in the store and hashed into the audit chain: one that JSON cannot hold (NaN, a BigInt, a
    // cycle), which a loose output schema lets through, is blocked here as abnormal, not a store failure at commit
    // that loses the step's record.
    const unkept = unkeptAsJson(parsed.data);
    return unkept === undefined
      ? { status: "ok", output: parsed.data, attempts }
      : { status: "abnormal", issues: unkept, attempts };
  }
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(output)"}: ${i.message}`).join("; ");
  return { status: "abnormal", issues, attempts };
}

/** Why `output` cannot be kept as canonical JSON, or undefined when it can (a `Date` can: it is kept as text). */
function unkeptAsJson(output: unknown): string | undefined {
  try {
    canonicalJson(output);
    return undefined;
  } catch {
    const plain = plainData(output, "(output)");
    return plain.ok
      ? "(output): cannot be written as JSON"
      : `${plain.problem} (the output must be JSON data)`;
  }
}
