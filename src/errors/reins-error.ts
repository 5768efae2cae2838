import type { ErrorCode } from "./codes.js";

const marker = Symbol.for("reins.error");

/** Where in a user's file a problem is. Lines and columns are 1-based. */
export interface SourceLocation {
  /** Path of the file, as the user named it. */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** Field path inside the document, e.g. `decision.options[2]`. */
  path?: string;
}

export interface ReinsErrorOptions {
  /** Stable machine-readable code, e.g. `REINS_CHARTER_INVALID`; every code is listed in `ErrorCode`. */
  code: ErrorCode;
  /** Human message. */
  message: string;
  /** Underlying error, if any. */
  cause?: unknown;
}

/**
 * The base of every error Reins throws on purpose. `code` is stable across releases;
 * `isInstance` works across duplicate copies of the package (it checks a global symbol, not the prototype).
 */
export abstract class ReinsError extends Error {
  readonly code: ErrorCode;
  abstract readonly kind: "user" | "system";

  constructor(options: ReinsErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    Object.defineProperty(this, marker, { value: true });
  }

  static isInstance(error: unknown): error is ReinsError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

export interface UserErrorOptions extends ReinsErrorOptions, SourceLocation {
  /** How to fix it, in one sentence. */
  hint?: string;
  /**
   * The option (or argument) of a library call the problem is in, e.g. `model`. The message then starts with
   * its name, so that a shell can show its own name for it instead (the CLI shows `--model`).
   */
  option?: string;
}

/**
 * A mistake in something the user wrote or passed: a charter, a case file, a flag, a model reply.
 * The CLI prints it without a stack trace and exits 2.
 */
export class UserError extends ReinsError {
  override readonly name: string = "UserError";
  readonly kind = "user" as const;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly path: string | undefined;
  readonly hint: string | undefined;
  readonly option: string | undefined;

  constructor(options: UserErrorOptions) {
    super(options);
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.path = options.path;
    this.hint = options.hint;
    this.option = options.option;
  }

  static override isInstance(error: unknown): error is UserError {
    return ReinsError.isInstance(error) && error.kind === "user";
  }
}

/** Infrastructure failed (database, network, file system): not the user's input. Exit code 1 from the CLI. */
export class SystemError extends ReinsError {
  override readonly name: string = "SystemError";
  readonly kind = "system" as const;

  static override isInstance(error: unknown): error is SystemError {
    return ReinsError.isInstance(error) && error.kind === "system";
  }
}
