import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/**
 * Argument checks shared by the statistics. A bad argument here is a caller's mistake (these functions are fed by
 * Reins' own code, or by a library user's): a `Usage` error whose message starts with the argument's name.
 */
export function usage(option: string, message: string): UserError {
  return new UserError({ code: ErrorCode.Usage, message: `${option}: ${message}`, option });
}

/** A whole number ≥ 0 (a count of cases). */
export function checkCount(value: unknown, option: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw usage(option, `a whole number ≥ 0 is needed, got ${describe(value)}`);
  return value;
}

/** A finite number from 0 to 1 inclusive (a rate, a target, a model's confidence). */
export function checkUnit(value: unknown, option: string): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1))
    throw usage(option, `a number from 0 to 1 is needed, got ${describe(value)}`);
  return value;
}

/** A confidence level strictly between 0 and 1 (0.95 for 95 %). */
export function checkConfidence(value: unknown, option = "confidence"): number {
  if (typeof value !== "number" || !(value > 0 && value < 1))
    throw usage(
      option,
      `a confidence level strictly between 0 and 1 is needed (0.95 for 95 %), got ${describe(value)}`,
    );
  return value;
}

/** An array, or a usage error naming the argument. */
export function checkArray(value: unknown, option: string): readonly unknown[] {
  if (!Array.isArray(value)) throw usage(option, `an array is needed, got ${describe(value)}`);
  return value;
}

/** A non-empty string at `path` (e.g. `reviews[3].runId`). */
export function checkName(value: unknown, path: string): string {
  if (typeof value !== "string" || value === "")
    throw usage(path, `a non-empty string is needed, got ${describe(value)}`);
  return value;
}

/** A short rendering of a bad value for a message: `"0.5"` (a string), `NaN`, `null`, `an object`. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** A pair of two class names (strings), else a usage error naming `path` and saying what the pair must be. */
export function checkClassPair(value: unknown, path: string, what: string): readonly [string, string] {
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== "string" ||
    typeof value[1] !== "string"
  )
    throw usage(path, `${what} is needed, got ${describe(value)}`);
  return value as unknown as readonly [string, string];
}
