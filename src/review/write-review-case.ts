import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { EvalCase } from "../eval/case.js";
import { checkWritable, writeUserFile } from "../files/write-user-file.js";
import { findModule } from "../workflow/load-workflow.js";

/** What became of a review's red-team case. */
export type ReviewCaseResult =
  /** Written to `file`. */
  | { status: "added"; file: string; id: string; notRunnable?: string }
  /** The run already has its case (from an earlier review): left as it is. */
  | { status: "exists"; file: string; id: string }
  /** The workflow folder has no `suite.ts`: no eval would run a case, so none was written. */
  | { status: "no-suite"; dir: string };

/**
 * Writes a review's red-team case into the workflow folder's red-team library (`redteam/<id>.yaml`, the folder
 * `reins eval` loads with every eval), once per run: a case already there is left untouched. A folder without
 * `suite.ts` gets none (nothing would run it). A red-team folder that cannot be written is a located
 * `REINS_FILE_NOT_WRITABLE` error saying that the review itself was recorded. With `replaceNotRunnable` (the run's real
 * input was given back and checked), a case already there that is marked not runnable is written again.
 */
export function writeReviewCase(
  dir: string,
  redteamCase: EvalCase,
  options: { replaceNotRunnable?: boolean } = {},
): ReviewCaseResult {
  if (findModule(dir, "suite") === undefined) return { status: "no-suite", dir };
  const file = join(dir, "redteam", `${redteamCase.id}.yaml`);
  if (existsSync(file) && !(options.replaceNotRunnable === true && isNotRunnable(file)))
    return { status: "exists", file, id: redteamCase.id };
  const { base: _b, perturbation: _p, change: _c, ...written } = redteamCase;
  try {
    checkWritable(file, { what: "red-team case" });
    writeUserFile(
      file,
      `# Red-team regression case from a review: runs with every eval of this workflow.\n${stringify(written)}`,
      { what: "red-team case" },
    );
  } catch (error) {
    if (!UserError.isInstance(error)) throw error;
    throw new UserError({
      code: ErrorCode.FileNotWritable,
      message: `${error.message}; the review was recorded, its red-team case was not`,
      file,
      hint: `make ${join(dir, "redteam")} a folder you can write to, then run \`reins redteam from-review ${dir} ${redteamCase.redteam?.runId ?? "<runId>"}\``,
    });
  }
  return {
    status: "added",
    file,
    id: redteamCase.id,
    ...(redteamCase.redteam?.notRunnable === undefined
      ? {}
      : { notRunnable: redteamCase.redteam.notRunnable }),
  };
}

/** Whether a case file already written says it cannot run (its input was stored redacted). */
function isNotRunnable(file: string): boolean {
  const written = parse(readFileSync(file, "utf8")) as { redteam?: { notRunnable?: unknown } } | null;
  return typeof written?.redteam?.notRunnable === "string";
}
