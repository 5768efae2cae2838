import { ErrorCode } from "../errors/codes.js";
import { ReinsError, SystemError } from "../errors/reins-error.js";

// biome-ignore lint/suspicious/noExplicitAny: any function that returns a promise.
type AsyncMethods = Record<string, (...args: any[]) => Promise<unknown>>;

/** A database error wrapped as a system error, naming the operation and the database. */
export function storeFailure(operation: string, where: string, cause: unknown): SystemError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new SystemError({
    code: ErrorCode.StoreFailure,
    message: `the Reins store (${where}) failed in ${operation}: ${detail}`,
    cause,
  });
}

/**
 * Wraps every method of one store area so that unexpected errors become `SystemError(StoreFailure)` with the cause
 * attached. Errors Reins throws on purpose (a `UserError` for an unknown approval) pass through unchanged.
 * `before` runs first on every call (the memory store's check that it is still open), inside the same wrapper.
 */
export function guardMethods<T extends object>(
  area: string,
  where: string,
  methods: T,
  before?: () => void,
): T {
  const guarded: AsyncMethods = {};
  for (const [name, method] of Object.entries(methods as AsyncMethods)) {
    guarded[name] = async (...args: unknown[]) => {
      try {
        before?.();
        return await method(...args);
      } catch (error) {
        throw ReinsError.isInstance(error) ? error : storeFailure(`${area}.${name}`, where, error);
      }
    };
  }
  return guarded as T;
}
