import { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { parsePerturbList } from "../eval/perturb/index.js";
import type { EvalVersions } from "../eval/report.js";
import { type PerturbationName, perturbationNames } from "../eval/suite.js";

/** The hashes of what a worker's workflow folder must hold as the evaluation's: the versions an eval reports, but the model's. */
export type WorkflowHashes = Omit<EvalVersions, "model">;

const hash = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 hex digest");

const workflowHashesSchema = z.strictObject({
  charter: hash,
  instructions: hash,
  tools: z.record(z.string(), hash),
  policies: z.record(z.string(), hash),
  dataset: z.strictObject({
    hash,
    cases: z.number().int().min(0),
    redteamCases: z.number().int().min(0),
    perturbations: z.array(z.string()),
  }),
});

/**
 * How a queued evaluation is run, saved with it when it begins (format version 1): what a worker needs to load the
 * same suite the same way and run any of its trials, and the hashes its folder must match.
 */
export const evalPlanSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** The suite folder as workers open it: relative to their working folder, or absolute. */
  suitePath: z.string().min(1),
  suiteName: z.string().min(1),
  /** The suite's own options, as typed after the folder (`--tasks tasks.json`). */
  suiteOptions: z.record(z.string(), z.string()),
  /** `--case`, `--tag`, `--kind`. */
  selection: z.strictObject({
    ids: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    kinds: z.array(z.string()).optional(),
  }),
  trials: z.number().int().min(1),
  /** The perturbations asked for: `all`, or names. */
  perturb: z.union([z.literal("all"), z.array(z.string())]),
  /** `--model`, or null for the suite's baseline agent. */
  model: z.string().nullable(),
  /** Whether model answers are cached in the store (`--no-cache` turns it off). */
  cache: z.boolean(),
  failUnder: z.record(z.string(), z.number()),
  /** `--trace`: each trial's transcript is kept with its result. */
  trace: z.boolean(),
  /** Each trial's run limit, in ms. */
  trialTimeoutMs: z.number().int().min(1),
  /** How the queue treats a trial's job: its time limit, its retries. */
  job: z.strictObject({
    expireInSeconds: z.number().int().min(1),
    retryLimit: z.number().int().min(0),
    retryDelaySeconds: z.number().int().min(0),
  }),
  workflow: workflowHashesSchema,
  /** Cases run (base, derived, red-team) and trials in all. */
  caseCount: z.number().int().min(0),
  total: z.number().int().min(0),
});

export type EvalPlan = z.infer<typeof evalPlanSchema>;

/** A stored plan, checked: a plan this version cannot read is a located error, never a guess. */
export function readEvalPlan(value: unknown, evalId: string): EvalPlan {
  if (value === undefined || value === null) {
    throw new UserError({
      code: ErrorCode.EvalNotFound,
      message: `evaluation ${evalId} has no plan in the store: it was not started with --queue, or not in this store`,
    });
  }
  const parsed = evalPlanSchema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError({
      code: ErrorCode.Usage,
      issues: parsed.error.issues.map((issue) => ({
        file: `the stored plan of ${evalId}`,
        path: issue.path.join("."),
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}

/** The workflow hashes of an eval's versions. */
export function workflowHashes(versions: EvalVersions): WorkflowHashes {
  const { model: _model, ...rest } = versions;
  return rest;
}

/**
 * What differs between the workflow an evaluation was planned on and the one here, each part in a few words
 * (`tools: issue_refund differs, close_account missing here`); empty when they are the same.
 */
export function workflowDifferences(planned: WorkflowHashes, here: WorkflowHashes): string[] {
  const out: string[] = [];
  if (planned.charter !== here.charter) out.push("charter: its fields differ");
  if (planned.instructions !== here.instructions) out.push("instructions: the charter's prompt differs");
  const named = (what: string, a: Record<string, string>, b: Record<string, string>) => {
    const parts: string[] = [];
    for (const name of Object.keys(a).sort()) {
      if (!(name in b)) parts.push(`${name} missing here`);
      else if (a[name] !== b[name]) parts.push(`${name} differs`);
    }
    for (const name of Object.keys(b).sort()) if (!(name in a)) parts.push(`${name} only here`);
    if (parts.length > 0) out.push(`${what}: ${parts.join(", ")}`);
  };
  named("tools", planned.tools, here.tools);
  named("policies", planned.policies, here.policies);
  const [p, h] = [planned.dataset, here.dataset];
  if (p.hash !== h.hash) {
    const counts =
      p.cases !== h.cases || p.redteamCases !== h.redteamCases
        ? ` (${p.cases} cases and ${p.redteamCases} red-team cases planned, ${h.cases} and ${h.redteamCases} here)`
        : "";
    out.push(`cases: the cases differ${counts}`);
  }
  return out;
}

/** The plan's perturbations, checked against the names this version knows. */
export function planPerturb(plan: Pick<EvalPlan, "perturb">): readonly PerturbationName[] | "all" {
  if (plan.perturb === "all") return "all";
  return plan.perturb.length > 0 ? parsePerturbList(plan.perturb.join(",")) : [];
}

/** The perturbation names an eval's versions list (`all` expanded), as `evaluate` lists them. */
export function perturbationList(perturb: readonly PerturbationName[] | "all"): string[] {
  return perturb === "all" ? [...perturbationNames] : [...perturb];
}
