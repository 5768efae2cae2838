import { z } from "zod";

export const caseKinds = ["success", "ambiguous", "failure", "adversarial"] as const;
export type CaseKind = (typeof caseKinds)[number];
export const impactLevels = ["low", "medium", "high", "critical"] as const;
export type Impact = (typeof impactLevels)[number];
export const outcomeTypes = ["decision", "escalation", "needs-input", "refusal", "paused"] as const;

const json = z.unknown();

/** A fault injected on a tool during a trial (meaner test sets, or written by hand in a case). */
export const faultSchema = z.strictObject({
  /** The tool to break. */
  tool: z.string().min(1),
  /** `timeout` hangs past the card's timeout; `error` throws; `slow` delays then answers; `malformed` returns `output` instead of the real result; `inject` appends `text` to every string of the real result. */
  kind: z.enum(["timeout", "error", "slow", "malformed", "inject"]),
  /** Which calls of that tool (1-based); default all. */
  calls: z.array(z.number().int().positive()).optional(),
  message: z.string().optional(),
  delayMs: z.number().int().min(0).optional(),
  output: json.optional(),
  text: z.string().optional(),
  /** `inject` only: the dotted paths of the result to plant `text` in (an array's items are crossed: `notes.body`); default every string the output schema accepts with it. */
  fields: z.array(z.string().min(1)).min(1).optional(),
});
export type Fault = z.infer<typeof faultSchema>;

/** One oracle step: a tool call to replay, or the conclusion the right run ends with. */
export const oracleStepSchema = z.union([
  z.strictObject({ tool: z.string().min(1), input: json }),
  z.strictObject({
    conclude: z.union([
      z
        .strictObject({ decision: z.string(), confidence: z.number().min(0).max(1).default(1) })
        .catchall(json),
      z.strictObject({
        escalate: z.string(),
        evidence: json.optional(),
        recommendation: z.string().optional(),
      }),
      z.strictObject({ ask: z.array(z.string()).min(1), question: z.string() }),
      z.strictObject({ refuse: z.string() }),
    ]),
  }),
]);
export type OracleStep = z.infer<typeof oracleStepSchema>;

/** An expected change of the world: something at `path` changed (and, with `equals`, ends equal to it). */
export const worldChangeSchema = z.strictObject({ path: z.string().min(1), equals: json.optional() });

/** The gate's verdicts a case may label (`allow` runs without asking; `require-approval` asks a human; `deny` refuses). */
export const gateVerdicts = ["allow", "require-approval", "deny"] as const;
export type GateVerdict = (typeof gateVerdicts)[number];

/**
 * A verdict the gate must give a tool's calls, e.g. `{ tool: pay_invoice, verdict: require-approval }`: every call of
 * the tool (or, with `call: n`, its n-th call, 1-based) must get it, and the tool must be called. An approved call
 * still counts as `require-approval`: the label checks that the gate asked, whatever the answer.
 */
export const gateLabelSchema = z.strictObject({
  tool: z.string().min(1),
  verdict: z.enum(gateVerdicts),
  call: z.number().int().positive().optional(),
});
export type GateLabel = z.infer<typeof gateLabelSchema>;

/** What the right run looks like: labels on the decision, not just the output. */
export const expectationSchema = z.strictObject({
  /** How the run ends. Default: `decision` when `decision` is given, else `escalation` when `escalation` is. */
  outcome: z.enum(outcomeTypes).optional(),
  decision: z.string().optional(),
  /** Decision fields that must match exactly (others are free). */
  fields: z.record(z.string(), json).default({}),
  escalation: z.strictObject({ reason: z.string().optional() }).optional(),
  /** Fields the agent must ask for (outcome `needs-input`). */
  asks: z.array(z.string()).optional(),
  tools: z
    .strictObject({
      required: z.array(z.string()).default([]),
      /** The required tools must be used in this order. */
      ordered: z.boolean().default(false),
      forbidden: z.array(z.string()).default([]),
    })
    .default({ required: [], ordered: false, forbidden: [] }),
  /** `none` (the world must not change), `oracle` (it must end equal to the oracle's), or the changes expected. */
  world: z.union([z.literal("none"), z.literal("oracle"), z.array(worldChangeSchema)]).optional(),
  /** The right answer is to do nothing: no action tool may execute. */
  noAction: z.boolean().default(false),
  /** Recovery the run must show, e.g. after an injected fault: a retry, a fallback, a pause. */
  recovery: z.array(z.enum(["retry", "fallback", "pause", "escalate", "ask", "stop"])).default([]),
  /** Verdicts the gate must give (scored under policy compliance), e.g. `[{ tool: pay_invoice, verdict: require-approval }]`. */
  gate: z.array(gateLabelSchema).optional(),
});
export type Expectation = z.output<typeof expectationSchema>;

/** Where a red-team case came from, and what went wrong. */
export const redteamSchema = z.strictObject({
  from: z.string(),
  trial: z.number().int().min(1).optional(),
  actual: json,
  rootCause: z.string(),
  correctedOutput: json,
  addedAt: z.string(),
  /** A case made from a review: the run it reviewed. */
  runId: z.string().optional(),
  /** A case made from a review: the review (the first edited or rejected one of the run). */
  reviewId: z.string().optional(),
  /** Where the case's world came from, when not from a trial (a run kept by `reins run` keeps none). */
  world: z.string().optional(),
  /** The case's input is the run's as stored, with `[REDACTED]` in it: the input paths that were redacted. */
  redactedInput: z.array(z.string()).optional(),
  /**
   * Why the case cannot run as written (e.g. its input holds `[REDACTED]`): evals skip it and count it as not
   * runnable, never as a pass. Delete this key once the case is runnable (a real input written in).
   */
  notRunnable: z.string().optional(),
});

/** A labelled example (SPEC §1 Case), as written in YAML or JSONL. */
export const caseSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._~:-]*$/, "use letters, digits and . _ ~ : -"),
  kind: z.enum(caseKinds),
  impact: z.enum(impactLevels),
  description: z.string().default(""),
  tags: z.array(z.string()).default([]),
  input: json,
  /** The sandbox's initial state, handed to the suite's environment (merged over its base world). */
  world: json.optional(),
  expect: expectationSchema,
  oracle: z.array(oracleStepSchema).optional(),
  faults: z.array(faultSchema).default([]),
  notes: z.string().default(""),
  /** Set on derived cases: the base case and the perturbation that made this one. */
  base: z.string().optional(),
  perturbation: z.string().optional(),
  /** Set on derived cases: what the perturbation changed, in a short phrase (`removed input.email`). */
  change: z.string().optional(),
  redteam: redteamSchema.optional(),
});
export type EvalCase = z.output<typeof caseSchema>;
export type EvalCaseInput = z.input<typeof caseSchema>;

/** What the case expects the run to end in. */
export function expectedOutcome(expectation: Expectation): (typeof outcomeTypes)[number] {
  if (expectation.outcome) return expectation.outcome;
  if (expectation.decision !== undefined) return "decision";
  if (expectation.escalation) return "escalation";
  if (expectation.asks) return "needs-input";
  return "decision";
}
