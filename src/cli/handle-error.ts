import { ReinsError, UserError } from "../errors/reins-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { terminalText } from "../text/terminal-text.js";

/** Exit codes: 0 ok, 1 thresholds not met or a system failure, 2 bad input or usage. */
export const ExitCode = { Ok: 0, Failed: 1, BadInput: 2 } as const;

/** Prints an error the way a user can act on it, and returns the exit code. Stack traces only with REINS_DEBUG=1. */
export function reportError(
  error: unknown,
  write: (line: string) => void = (l) => process.stderr.write(`${terminalText(l)}\n`),
): number {
  const debug = process.env.REINS_DEBUG === "1";
  if (UserError.isInstance(error)) {
    if (error instanceof ValidationError || (error as { issues?: unknown }).issues) {
      write(error.message);
    } else {
      const where = [error.file, error.line, error.column].filter((p) => p !== undefined).join(":");
      write(`${where ? `${where}${error.path ? ` ${error.path}:` : ""} ` : ""}${error.message}`);
    }
    if (error.hint) write(`hint: ${error.hint}`);
    if (debug) write(String(error.stack));
    return ExitCode.BadInput;
  }
  if (ReinsError.isInstance(error)) {
    write(`reins: ${error.message} [${error.code}]`);
    if (debug) write(String(error.stack));
    return ExitCode.Failed;
  }
  write(`reins: internal error: ${error instanceof Error ? error.message : String(error)}`);
  write(
    debug && error instanceof Error
      ? String(error.stack)
      : "(set REINS_DEBUG=1 for the stack trace, and please report it)",
  );
  return ExitCode.Failed;
}
