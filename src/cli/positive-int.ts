import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** A flag's value as a positive integer; anything else is a usage error naming the flag. */
export function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError({
      code: ErrorCode.Usage,
      message: `${flag} must be a positive integer, got "${value}"`,
      path: flag,
    });
  return n;
}
