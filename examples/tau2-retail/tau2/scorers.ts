import { generateText, type LanguageModel } from "ai";
import { diffStates, type Scorer, type StateChange, type TrialContext } from "reins/eval";
import { jsonEqual } from "../retail/json-equal.js";
import type { Tau2Task } from "./tasks.js";
import { renderTranscript, toldTheUser } from "./transcript.js";

/** The τ² task a case came from (derived cases carry their base task's id). */
export function taskLookup(tasks: readonly Tau2Task[]): (trial: TrialContext) => Tau2Task | undefined {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  return (trial) => byId.get(trial.case.base ?? trial.case.id);
}

/** τ²'s DB check alone: the final database equals the gold one (the gold actions replayed on a fresh copy). */
export const tau2Db: Scorer = {
  name: "tau2Db",
  score({ finalState, goldState, normalize }) {
    if (goldState === undefined)
      return { passed: false, failures: ["no gold database (the case has no oracle)"] };
    if (jsonEqual(normalize(finalState), normalize(goldState))) return { passed: true, failures: [] };
    const changes = recordDiffs(goldState, finalState, normalize);
    const shown = changes.slice(0, 5).map((c) => `${c.path}: gold ${show(c.before)}, got ${show(c.after)}`);
    return {
      passed: false,
      failures: [`the database differs from the gold one in ${changes.length} value(s): ${shown.join("; ")}`],
    };
  },
};

const show = (value: unknown) => (value === undefined ? "nothing" : JSON.stringify(value));

/** Field-level differences, found in the records that differ in the normalized states (not the whole database). */
function recordDiffs(gold: unknown, final: unknown, normalize: (state: unknown) => unknown): StateChange[] {
  const compactGold = normalize(gold) as Record<string, Record<string, unknown>>;
  const compactFinal = normalize(final) as Record<string, Record<string, unknown>>;
  const changes: StateChange[] = [];
  for (const table of new Set([...Object.keys(compactGold), ...Object.keys(compactFinal)])) {
    const left = compactGold[table] ?? {};
    const right = compactFinal[table] ?? {};
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      if (jsonEqual(left[key], right[key])) continue;
      const read = (state: unknown) => (state as Record<string, Record<string, unknown>>)[table]?.[key];
      changes.push(...diffStates(read(gold), read(final), `${table}.${key}`));
    }
  }
  return changes;
}

/**
 * τ²'s communicate check: each `communicate_info` string appears in something the agent told the customer, compared
 * as τ² does (lower case; commas removed from the agent's text, not from the expected string).
 */
export function communicateInfo(tasks: readonly Tau2Task[]): Scorer {
  const taskOf = taskLookup(tasks);
  return {
    name: "communicateInfo",
    score(trial) {
      const expected = taskOf(trial)?.evaluation_criteria?.communicate_info ?? [];
      const told = toldTheUser(trial).map((text) => text.toLowerCase().replaceAll(",", ""));
      const failures = expected
        .filter((info) => !told.some((text) => text.includes(info.toLowerCase())))
        .map((info) => `never told the customer "${info}"`);
      return { passed: failures.length === 0, failures };
    },
  };
}

const judgeSystem = `You grade a conversation between a customer service agent and a customer against a list of expected outcomes.
Grade each expected outcome on its own: is it satisfied by what the agent said and did in the conversation?
Answer with one JSON object and nothing else:
{"results": [{"expectedOutcome": "<the outcome, repeated>", "reasoning": "<one or two sentences>", "metExpectation": true or false}]}
with one entry per expected outcome, in the order given.`;

/**
 * τ²'s NL assertions, graded by a judge model over the whole run (τ² grades them with an LLM too). Only registered
 * when a judge is given: without one they are unscored, which this category's absence says (see README).
 */
export function nlAssertions(tasks: readonly Tau2Task[], judge: LanguageModel): Scorer {
  const taskOf = taskLookup(tasks);
  return {
    name: "nlAssertions",
    async score(trial) {
      const assertions = taskOf(trial)?.evaluation_criteria?.nl_assertions ?? [];
      if (assertions.length === 0) return { passed: true, failures: [] };
      const response = await generateText({
        model: judge,
        system: judgeSystem,
        prompt: `Conversation:\n${renderTranscript(trial)}\n\nExpected outcomes:\n${JSON.stringify(assertions, null, 2)}`,
        temperature: 0,
      });
      const results = parseJudgement(response.text);
      const failures: string[] = [];
      assertions.forEach((assertion, i) => {
        const result = results[i];
        if (!result) failures.push(`the judge did not grade "${assertion}"`);
        else if (result.metExpectation !== true)
          failures.push(`not met: "${assertion}" (${result.reasoning ?? "no reason given"})`);
      });
      return { passed: failures.length === 0, failures };
    },
  };
}

function parseJudgement(text: string): { metExpectation?: unknown; reasoning?: string }[] {
  const body = text.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, "");
  const parsed = JSON.parse(body) as { results?: unknown };
  if (!Array.isArray(parsed.results))
    throw new Error(`the judge's answer has no results list: ${text.slice(0, 200)}`);
  return parsed.results as { metExpectation?: unknown; reasoning?: string }[];
}
