import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** Plain decimal digits, no sign, no leading zero, no exponent, hex, space or fraction: what a count is written as. */
const decimalInteger = /^(0|[1-9][0-9]*)$/;

/**
 * A flag's value as an integer from 1 to `max`; anything else (`1e9`, `0x10`, `" 2"`, `2.5`, a number past `max`)
 * is a usage error naming the flag and its bounds. The bound keeps a typo from asking for a billion trials.
 */
export function positiveInt(value: string, flag: string, max = 100_000): number {
  const n = decimalInteger.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= max))
    throw new UserError({
      code: ErrorCode.Usage,
      message: `${flag} takes a whole number from 1 to ${max.toLocaleString("en-US")} written in digits, got "${value}"`,
      path: flag,
    });
  return n;
}
