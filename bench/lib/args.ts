import { ErrorCode } from "../../src/errors/codes.js";
import { UserError } from "../../src/errors/reins-error.js";

/** A `--name <n>` flag that must be a positive integer; `fallback` when absent. Bad values are a usage error (exit 2). */
export function positiveInt(options: {
  bench: string;
  name: string;
  value: string | undefined;
  fallback: number;
}): number {
  const { bench, name, value, fallback } = options;
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `--${name} must be a positive integer, got "${value}"`,
      hint: `e.g. npm run bench -- ${bench} --${name} ${fallback}`,
    });
  }
  return n;
}
