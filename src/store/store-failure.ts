import { ErrorCode } from "../errors/codes.js";
import { ReinsError, SystemError } from "../errors/reins-error.js";

// biome-ignore lint/suspicious/noExplicitAny: any function that returns a promise.
type AsyncMethods = Record<string, (...args: any[]) => Promise<unknown>>;

/** A database error wrapped as a system error, naming the operation and the database (and what it means, if known). */
export function storeFailure(
  operation: string,
  where: string,
  cause: unknown,
  meaning?: string,
): SystemError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new SystemError({
    code: ErrorCode.StoreFailure,
    message: `the Reins store (${where}) failed in ${operation}: ${detail}${meaning === undefined ? "" : `: ${meaning}`}`,
    cause,
  });
}

/**
 * Wraps every method of one store area so that unexpected errors become `SystemError(StoreFailure)` with the cause
 * attached. Errors Reins throws on purpose (a `UserError` for an unknown approval) pass through unchanged.
 * `before` runs first on every call (the memory store's check that it is still open), inside the same wrapper;
 * `explain` says what a driver's error means (a full disk, a lock held elsewhere), when it knows.
 */
export function guardMethods<T extends object>(
  area: string,
  where: string,
  methods: T,
  before?: () => void,
  explain?: (cause: unknown) => string | undefined,
): T {
  const guarded: AsyncMethods = {};
  for (const [name, method] of Object.entries(methods as AsyncMethods)) {
    guarded[name] = async (...args: unknown[]) => {
      try {
        before?.();
        return await method(...args);
      } catch (error) {
        throw ReinsError.isInstance(error)
          ? error
          : storeFailure(`${area}.${name}`, where, error, explain?.(error));
      }
    };
  }
  return guarded as T;
}
