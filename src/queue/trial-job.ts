import { createHash } from "node:crypto";
import { z } from "zod";

/** What identifies one trial of an evaluation: its case, the perturbation it was derived by (`none`), its number. */
export interface TrialKey {
  caseId: string;
  perturbation: string;
  /** 1-based, as in the report. */
  trial: number;
}

/** A queued trial: the job's data (format version 1). Read back from the queue as untrusted input. */
export const trialJobSchema = z.strictObject({
  schemaVersion: z.literal(1),
  evalId: z.string().min(1).max(200),
  caseId: z.string().min(1).max(1000),
  /** The perturbation that derived the case, `none` for a base case (as the store keys results). */
  perturbation: z.string().min(1).max(200),
  trial: z.number().int().min(1).max(1_000_000),
});

export type TrialJob = z.infer<typeof trialJobSchema>;

/** `case trial n`: how a trial is named in messages (a derived case's id names its perturbation). */
export function trialName(key: TrialKey): string {
  return `${key.caseId} trial ${key.trial}`;
}

/** A stable string of a key, for sets and maps. */
export function trialKeyString(key: TrialKey): string {
  return JSON.stringify([key.caseId, key.perturbation, key.trial]);
}

/**
 * The job id of a trial: a UUID derived from the evaluation and the key, so that enqueuing an evaluation twice adds
 * nothing (the queue ignores an id it holds) and a trial's job can be looked up by its key.
 */
export function trialJobId(evalId: string, key: TrialKey): string {
  const hex = createHash("sha256")
    .update(JSON.stringify([evalId, key.caseId, key.perturbation, key.trial]))
    .digest("hex");
  // Shaped as a version-8 (custom) UUID: PostgreSQL's uuid type takes any 128 bits, the marks say what it is.
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
