import type { Redactor } from "../audit/redact.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { canonicalJson } from "../hash/canonical-hash.js";
import { storedInputSeal } from "./checkpoint.js";
import { matchesSeal } from "./input-seal.js";

/** A stored run as far as its input goes. */
export interface StoredRunInput {
  id: string;
  /** The input as the store keeps it: redacted when it held a secret or a charter `redact` field. */
  input: unknown;
  /** The stored checkpoint, which holds the input seal of a run whose input was stored redacted. */
  checkpoint: unknown;
}

/** Whether the run stored its input redacted, so that only its seal can tell the original input. */
export function storedRedacted(run: StoredRunInput): boolean {
  return storedInputSeal(run.checkpoint) !== undefined;
}

/**
 * Checks that `given` is the input `run` started with: against the stored input when it was stored as given, else
 * against its redacted form (`redact`, the charter's redactor) and the run's input seal (a salted scrypt hash). Throws
 * a `REINS_RUN_INPUT_MISMATCH` error on the `input` option otherwise. Used when a resumed run, or a red-team case made
 * from a reviewed run, needs the real input back.
 */
export async function checkOriginalInput(
  run: StoredRunInput,
  given: unknown,
  redact: Redactor | undefined,
): Promise<void> {
  const seal = storedInputSeal(run.checkpoint);
  // Without a seal the run stored its input as it was given (nothing in it was redacted, or it predates redaction).
  const same =
    seal === undefined
      ? canonicalJson(given) === canonicalJson(run.input)
      : canonicalJson(redact?.(given) ?? given) === canonicalJson(run.input) &&
        (await matchesSeal(given, seal));
  if (same) return;
  throw new UserError({
    code: ErrorCode.RunInputMismatch,
    message: `input: not the input run ${run.id} started with${seal === undefined ? "" : " (its redacted form or its salted hash differs from the run's)"}`,
    option: "input",
    hint: "give the same input file the run was started with; a different input needs a new run",
  });
}
