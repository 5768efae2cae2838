import { expect } from "vitest";
import { UserError } from "../../errors/reins-error.js";

/** Runs `call`, which must throw a `Usage` UserError naming `option`, and returns its message. */
export function usageMessage(call: () => unknown, option: string): string {
  try {
    call();
  } catch (error) {
    if (!UserError.isInstance(error)) throw error;
    expect(error.code).toBe("REINS_USAGE");
    expect(error.option).toBe(option);
    return error.message;
  }
  throw new Error(`expected a usage error about ${option}`);
}
