import { expectedOutcome } from "../case.js";
import { readPath } from "../dotted-path.js";
import { diffStates, hashState } from "../state.js";
import type { Scorer, TrialContext } from "../trial.js";
import { describeOutcome, sameJson, show } from "./describe.js";

/** The decision (and its fields) match the label, and the world ends in the expected state. */
export const taskSuccess: Scorer = {
  name: "taskSuccess",
  score(trial) {
    const failures = [...outcomeFailures(trial), ...worldFailures(trial)];
    return { passed: failures.length === 0, failures };
  },
};

function outcomeFailures({ case: c, outcome }: TrialContext): string[] {
  const expect = c.expect;
  const expected = expectedOutcome(expect);
  if (outcome.type !== expected) {
    const what = expected === "decision" && expect.decision ? `decision ${expect.decision}` : expected;
    return [`expected the run to end in ${what}, but it ended in ${describeOutcome(outcome)}`];
  }
  const failures: string[] = [];
  if (outcome.type === "decision") {
    if (expect.decision !== undefined && outcome.decision.decision !== expect.decision) {
      failures.push(`expected decision ${expect.decision}, got ${outcome.decision.decision}`);
    }
    for (const [field, value] of Object.entries(expect.fields)) {
      if (!sameJson(outcome.decision[field], value))
        failures.push(`expected ${field} ${show(value)}, got ${show(outcome.decision[field])}`);
    }
  }
  if (
    outcome.type === "escalation" &&
    expect.escalation?.reason &&
    outcome.reason !== expect.escalation.reason
  ) {
    failures.push(`expected an escalation for ${expect.escalation.reason}, got one for ${outcome.reason}`);
  }
  if (outcome.type === "needs-input") {
    for (const field of expect.asks ?? []) {
      if (!outcome.fields.includes(field))
        failures.push(`expected to ask for ${field}, but asked for ${outcome.fields.join(", ")}`);
    }
  }
  return failures;
}

function worldFailures({ case: c, initialState, finalState, goldState, normalize }: TrialContext): string[] {
  const world = c.expect.world ?? (goldState === undefined ? undefined : "oracle");
  if (world === undefined) return [];
  const changes = diffStates(initialState, finalState);
  if (world === "none") {
    return changes.length === 0 ? [] : [`expected the world unchanged, but ${describeChanges(changes)}`];
  }
  if (world === "oracle") {
    if (goldState === undefined)
      return ["expected the world to match the oracle's, but the case has no oracle"];
    const final = normalize(finalState);
    const gold = normalize(goldState);
    if (hashState(final) === hashState(gold)) return [];
    return [
      `expected the final world to equal the oracle's, but it differs: ${describeChanges(diffStates(gold, final))}`,
    ];
  }
  const failures: string[] = [];
  for (const expected of world) {
    const touched = changes.some(
      (ch) => ch.path === expected.path || ch.path.startsWith(`${expected.path}.`),
    );
    if (!touched) failures.push(`expected ${expected.path} to change, but it did not`);
    else if (
      expected.equals !== undefined &&
      !sameJson(readPath(finalState, expected.path), expected.equals)
    ) {
      failures.push(
        `expected ${expected.path} to end as ${show(expected.equals)}, got ${show(readPath(finalState, expected.path))}`,
      );
    }
  }
  const unexpected = changes.filter(
    (ch) => !world.some((e) => ch.path === e.path || ch.path.startsWith(`${e.path}.`)),
  );
  if (unexpected.length > 0) failures.push(`did not expect ${describeChanges(unexpected)}`);
  return failures;
}

function describeChanges(changes: { path: string; before: unknown; after: unknown }[]): string {
  const shown = changes.slice(0, 3).map((c) => `${c.path} ${show(c.before)} → ${show(c.after)}`);
  return `${changes.length} value${changes.length === 1 ? "" : "s"} changed (${shown.join("; ")}${changes.length > 3 ? "; …" : ""})`;
}
