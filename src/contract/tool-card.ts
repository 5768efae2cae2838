import { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { didYouMean } from "../errors/did-you-mean.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { fieldPathSyntaxProblem } from "../schema/field-path-syntax.js";
import { checkSchemaPath, describeMissingPath } from "../schema/schema-path.js";

/** What a tool does to the world. `read` changes nothing; `draft` prepares something a human may send; `action` changes a system. */
export type EffectClass = "read" | "draft" | "action";
export const effectClasses = ["read", "draft", "action"] as const;

/** What the runtime does when a failure mode occurs. */
export type FailureResponse = "retry" | "fallback" | "escalate" | "stop";
export const failureResponses = ["retry", "fallback", "escalate", "stop"] as const;

/**
 * Conditions the runtime recognises by itself: `timeout` (the call ran past `timeoutMs`), `error` (it threw),
 * `invalid-output` (its result broke the output schema). A tool may also throw a `ToolFailure` with its own
 * condition code (e.g. `rate-limited`, `not-found`), matched here by name.
 */
export type FailureCondition = "timeout" | "error" | "invalid-output" | (string & {});

export interface FailureMode {
  /** The condition, e.g. `timeout` or a code the tool throws. */
  when: FailureCondition;
  /** What to do. */
  response: FailureResponse;
  /** Why, for humans and the audit log. */
  note?: string;
}

/** Passed to `execute`: the run it belongs to and, during evaluation, the sandbox world. */
export interface ToolContext<Env = unknown> {
  /** The run this call belongs to. */
  runId: string;
  /** The call's id, stable across retries. */
  callId: string;
  /** Stable key for this logical action: the same across retries and resumed runs. */
  idempotencyKey: string;
  /** Aborted when the call times out or the run is cancelled. */
  signal: AbortSignal;
  /** The environment the tools act on (a sandbox world in evaluation, your clients in production). */
  env: Env;
}

export interface ToolCardOptions<Input extends z.ZodType, Output extends z.ZodType, Env> {
  /** Unique name, `snake_case` (models see it). */
  name: string;
  /** One sentence: what the tool is for. The model reads it. */
  purpose: string;
  /** `read` | `draft` | `action`. Action tools are gated by autonomy level. */
  effect: EffectClass;
  /** Schema of the arguments. Calls that do not match are rejected before execution. */
  input: Input;
  /** Schema of the result. A result that does not match is blocked and flagged as abnormal tool data. */
  output: Output;
  /** When the tool is the right call. */
  safeUse: string[];
  /** When it must not be called. */
  unsafeUse: string[];
  /** Known ways it fails, and what to do on each. */
  failureModes?: FailureMode[];
  /** Milliseconds before a call is abandoned. Default 10 000. */
  timeoutMs?: number;
  /** Extra attempts after a failure whose response is `retry` (default 1 for reads, 0 for actions that are not idempotent). */
  retries?: number;
  /** Name of another tool to call, with the same input, when this one fails with response `fallback`. */
  fallback?: string;
  /** Calling twice with the same input has the same effect as calling once. */
  idempotent: boolean;
  /** Sends something outside the organisation (email, message to a customer). Always needs human approval. */
  external?: boolean;
  /**
   * Input fields that overwrite protected data (e.g. a CRM owner or stage): setting one needs approval. Dotted paths
   * into the input schema; `items[].price` covers every element of a list, `items.0.price` the first.
   */
  protectedFields?: string[];
  /** Does the work. */
  execute: (input: z.output<Input>, context: ToolContext<Env>) => Promise<z.input<Output>> | z.input<Output>;
}

/** A checked, frozen tool contract. */
export interface ToolCard<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
  Env = unknown,
> extends Readonly<Required<Omit<ToolCardOptions<Input, Output, Env>, "fallback">>> {
  readonly fallback: string | undefined;
  readonly kind: "reins.tool-card";
}

/** Any tool card, whatever its schemas. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds cards of every input and output type.
export type AnyToolCard = ToolCard<z.ZodType, z.ZodType, any>;

const namePattern = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

/** The checked fields of a tool card (the reference in docs/reference/tool-card.md lists each). */
export const cardShape = z.object({
  name: z
    .string()
    .regex(namePattern, "must start with a letter and use only letters, digits, _ or - (max 64)"),
  purpose: z.string().trim().min(1, "must say what the tool is for"),
  effect: z.enum(effectClasses),
  input: z.custom<z.ZodType>((v) => v instanceof z.ZodType, "must be a zod schema"),
  output: z.custom<z.ZodType>((v) => v instanceof z.ZodType, "must be a zod schema"),
  safeUse: z.array(z.string().min(1)).min(1, "must list at least one safe use"),
  unsafeUse: z.array(z.string().min(1)).min(1, "must list at least one unsafe use"),
  failureModes: z.array(
    z.object({ when: z.string().min(1), response: z.enum(failureResponses), note: z.string().optional() }),
  ),
  timeoutMs: z.number().int().positive(),
  retries: z.number().int().min(0).max(10),
  fallback: z.string().optional(),
  idempotent: z.boolean(),
  external: z.boolean(),
  protectedFields: z.array(z.string().min(1)),
  execute: z.custom<(...args: unknown[]) => unknown>((v) => typeof v === "function", "must be a function"),
});

/**
 * Defines a tool contract. The card is checked here: a missing purpose, a bad effect class, a fallback to
 * itself or a `fallback` failure mode without a fallback tool is an error that names the field.
 */
export function defineTool<Input extends z.ZodType, Output extends z.ZodType, Env = unknown>(
  options: ToolCardOptions<Input, Output, Env>,
): ToolCard<Input, Output, Env> {
  const withDefaults = {
    failureModes: [],
    timeoutMs: 10_000,
    retries: options.effect === "action" && !options.idempotent ? 0 : 1,
    external: false,
    protectedFields: [],
    ...options,
  };
  const parsed = cardShape.safeParse(withDefaults);
  const where = `tool card "${typeof options?.name === "string" ? options.name : "?"}"`;
  const issues: ValidationIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        file: where,
        path: issue.path.join("."),
        message: issue.message,
      }));
  if (parsed.success)
    issues.push(...protectedFieldIssues(parsed.data.input, parsed.data.protectedFields, where));
  if (options.fallback !== undefined && options.fallback === options.name) {
    issues.push({ file: where, path: "fallback", message: "names the tool itself; name another tool" });
  }
  if (
    options.fallback === undefined &&
    (options.failureModes ?? []).some((mode) => mode.response === "fallback")
  ) {
    issues.push({
      file: where,
      path: "failureModes",
      message:
        "a failure mode answers `fallback` but the card has no `fallback` tool; add one or use another response",
    });
  }
  if (issues.length > 0) throw new ValidationError({ code: ErrorCode.ToolCardInvalid, issues });
  return Object.freeze({
    ...withDefaults,
    fallback: options.fallback,
    kind: "reins.tool-card" as const,
  }) as ToolCard<Input, Output, Env>;
}

/** Each protected path must be one the input schema can hold, or it would protect nothing. */
function protectedFieldIssues(input: z.ZodType, fields: readonly string[], file: string): ValidationIssue[] {
  return fields.flatMap((field, index) => {
    const path = `protectedFields.${index}`;
    const syntax = fieldPathSyntaxProblem(field, { elements: true });
    if (syntax !== undefined) return [{ file, path, message: `"${field}" ${syntax}` }];
    const check = checkSchemaPath(input, field, { elements: true });
    if (check.ok) return [];
    return [
      {
        file,
        path,
        message: `"${field}" is not in the tool's input, so it would protect nothing: ${describeMissingPath(check)}${didYouMean(check.at, check.known)}`,
      },
    ];
  });
}

export function isToolCard(value: unknown): value is AnyToolCard {
  return (
    typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "reins.tool-card"
  );
}

const toolFailureMarker = Symbol.for("reins.tool-failure");

/**
 * Thrown by a tool's `execute` to report a known failure mode by name, so that the card's `failureModes`
 * decide what happens next.
 */
export class ToolFailure extends Error {
  override readonly name = "ToolFailure";
  constructor(
    /** The failure condition, matched against `failureModes[].when`. `conflict` means conflicting records. */
    readonly condition: string,
    message: string,
    /** What the tool saw, e.g. both conflicting records; passed on as the escalation's evidence. */
    readonly evidence?: unknown,
  ) {
    super(message);
    Object.defineProperty(this, toolFailureMarker, { value: true });
  }

  /**
   * True for a ToolFailure from any copy of this package: a workflow's `tools.ts` may load another copy of `reins`
   * than the CLI running it, so `instanceof` is not enough.
   */
  static isInstance(error: unknown): error is ToolFailure {
    return (
      typeof error === "object" &&
      error !== null &&
      (error as Record<symbol, unknown>)[toolFailureMarker] === true
    );
  }
}
