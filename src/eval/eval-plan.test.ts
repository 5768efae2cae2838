import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { EvalInfo } from "../store/store.js";
import { checkResumable, type EvalPlan } from "./eval-plan.js";
import type { EvalVersions } from "./report.js";

const versions: EvalVersions = {
  charter: "c1",
  instructions: "i1",
  tools: { get_order: "t1", issue_refund: "t2" },
  policies: { "no-big-refunds": "p1" },
  model: { agent: "function:refund-rules", settings: null },
  dataset: { hash: "d1", cases: 10, redteamCases: 0, perturbations: [] },
};

const plan: EvalPlan = {
  schemaVersion: 1,
  suite: "refund-triage",
  agent: "function:refund-rules",
  model: null,
  trials: 3,
  perturb: [],
  failUnder: {},
  trace: false,
  total: 30,
  versions,
  caller: {},
};

const info = (extra: Partial<EvalInfo> = {}): EvalInfo => ({
  id: "eval-1",
  suite: "refund-triage",
  agent: "function:refund-rules",
  startedAt: "2025-01-01T00:00:00.000Z",
  passed: false,
  resultCount: 12,
  status: "running",
  plan,
  ...extra,
});

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(UserError.isInstance(error)).toBe(true);
    return error as UserError;
  }
  return expect.unreachable("expected a refusal");
}

describe("checkResumable", () => {
  it("answers the plan of a running evaluation whose workflow is unchanged", () => {
    expect(checkResumable(info(), { versions: structuredClone(versions), trials: 3 })).toEqual(plan);
  });

  it("refuses a changed charter, tool card, policy or dataset, naming each", () => {
    const changed: EvalVersions = {
      ...versions,
      charter: "c2",
      tools: { get_order: "t1", issue_refund: "t3", close_account: "t4" },
      policies: {},
      dataset: { ...versions.dataset, hash: "d2" },
    };
    expect(refusal(() => checkResumable(info(), { versions: changed, trials: 3 }))).toMatchObject({
      code: ErrorCode.EvalNotResumable,
      message:
        "cannot resume evaluation eval-1: the workflow changed since it began: charter, tool close_account (added), tool issue_refund, policy no-big-refunds (removed), dataset differ from its plan",
    });
    expect(
      refusal(() => checkResumable(info(), { versions: { ...versions, instructions: "i2" }, trials: 2 }))
        .message,
    ).toBe(
      "cannot resume evaluation eval-1: the workflow changed since it began: instructions, trials (3 then, 2 now) differ from its plan",
    );
  });

  it("refuses a finished evaluation, and one saved without a plan", () => {
    expect(
      refusal(() => checkResumable(info({ status: "finished" }), { versions, trials: 3 })),
    ).toMatchObject({
      code: ErrorCode.EvalNotResumable,
      message: "cannot resume evaluation eval-1: it is finished (12 results); nothing is left to run",
    });
    expect(refusal(() => checkResumable(info({ plan: null }), { versions, trials: 3 })).message).toContain(
      "it was not begun by an evaluation that records its plan",
    );
  });

  it("sends a queued evaluation to --collect, naming its suite", () => {
    const queuedPlan = { schemaVersion: 1, suitePath: "suites/refunds", suiteName: "refund-triage", job: {} };
    expect(refusal(() => checkResumable(info({ plan: queuedPlan }), { versions, trials: 3 }))).toMatchObject({
      code: ErrorCode.EvalNotResumable,
      message: "cannot resume evaluation eval-1: it was queued (reins eval --queue): workers run its trials",
      hint: "take it up again with: reins eval suites/refunds --queue <url> --collect eval-1",
    });
  });
});
