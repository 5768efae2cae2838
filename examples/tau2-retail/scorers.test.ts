import type { EvalCase, TrialContext, TrialOutcome } from "reins/eval";
import { scriptedModel } from "reins/testing";
import { describe, expect, it } from "vitest";
import { tau2RetailSuite } from "./tau2/build-suite.js";
import { communicateInfo, nlAssertions } from "./tau2/scorers.js";
import type { Tau2Task } from "./tau2/tasks.js";
import { renderTranscript, toldTheUser } from "./tau2/transcript.js";

// τ²'s communicate check and NL assertions, on what the agent told the customer.

const task = (id: string, criteria: Record<string, unknown>) =>
  ({
    id,
    user_scenario: { instructions: "x" },
    evaluation_criteria: { reward_basis: ["DB"], ...criteria },
  }) as unknown as Tau2Task;

function trial(options: {
  id: string;
  said?: string[];
  outcome: TrialOutcome;
  request?: string;
}): TrialContext {
  return {
    case: {
      id: options.id,
      input: { mode: "solo", request: options.request ?? "Refund me." },
    } as unknown as EvalCase,
    outcome: options.outcome,
    toolCalls: [
      ...(options.said ?? []).map((message, i) => ({
        callId: `say-${i}`,
        toolName: "respond_to_user",
        input: { message },
        verdict: { type: "allow" as const },
        status: "executed" as const,
        output: { customer: `reply ${i}`, ended: false },
      })),
      {
        callId: "calc",
        toolName: "calculate",
        input: { expression: "1 + 1" },
        verdict: { type: "allow" as const },
        status: "executed" as const,
        output: "2.0",
      },
    ],
  } as unknown as TrialContext;
}

const decided = (message: string): TrialOutcome => ({
  type: "decision",
  decision: { decision: "resolved", confidence: 1, message },
  draft: false,
});

describe("communicateInfo", () => {
  const scorer = communicateInfo([task("16", { communicate_info: ["8276.23", "Polyester"] })]);

  it("finds each string in the agent's messages or its closing message, as τ² compares (case, commas)", async () => {
    const result = await scorer.score(
      trial({ id: "16", said: ["The refund is $8,276.23."], outcome: decided("Your shirt is POLYESTER.") }),
    );
    expect(result).toEqual({ passed: true, failures: [] });
  });

  it("fails on what was never said (the customer's own words do not count)", async () => {
    const result = await scorer.score(
      trial({ id: "16", request: "8276.23 polyester", outcome: decided("Done.") }),
    );
    expect(result).toEqual({
      passed: false,
      failures: ['never told the customer "8276.23"', 'never told the customer "Polyester"'],
    });
  });

  it("reads a solo refusal, question or transfer as addressed to the customer", () => {
    const base = { toolCalls: [] };
    expect(toldTheUser({ ...base, outcome: { type: "refusal", reason: "Not allowed." } })).toEqual([
      "Not allowed.",
    ]);
    expect(
      toldTheUser({
        ...base,
        outcome: { type: "escalation", reason: "transfer_to_human_agents", evidence: "Hold on." },
      }),
    ).toEqual(["Hold on."]);
  });
});

describe("nlAssertions (only with a judge model)", () => {
  const criteria = { nl_assertions: ["Agent should tell the user the refund is $8,276.23."] };

  it("passes when the judge says every assertion is met, and shows it the whole run", async () => {
    const judge = scriptedModel({
      steps: [
        {
          text: '```json\n{"results": [{"expectedOutcome": "x", "reasoning": "Said it.", "metExpectation": true}]}\n```',
        },
      ],
    });
    const subject = trial({ id: "16", said: ["The refund is $8,276.23."], outcome: decided("Bye.") });
    expect(await nlAssertions([task("16", criteria)], judge).score(subject)).toEqual({
      passed: true,
      failures: [],
    });
    const prompt = JSON.stringify(judge.calls[0]?.prompt);
    expect(prompt).toContain("assistant: The refund is $8,276.23.");
    expect(renderTranscript(subject).split("\n")).toEqual([
      "user: Refund me.",
      "assistant: The refund is $8,276.23.",
      "user: reply 0",
      'assistant: [calculate] {"expression":"1 + 1"}',
      'tool: "2.0"',
      "assistant: Bye.",
    ]);
  });

  it("fails on an assertion the judge finds unmet, with its reason", async () => {
    const judge = scriptedModel({
      steps: [
        {
          text: '{"results": [{"expectedOutcome": "x", "reasoning": "No amount.", "metExpectation": false}]}',
        },
      ],
    });
    const result = await nlAssertions([task("16", criteria)], judge).score(
      trial({ id: "16", outcome: decided("Bye.") }),
    );
    expect(result).toEqual({
      passed: false,
      failures: ['not met: "Agent should tell the user the refund is $8,276.23." (No amount.)'],
    });
  });

  it("needs no judge call for a task without assertions", async () => {
    const judge = scriptedModel({ steps: [] });
    expect(
      await nlAssertions([task("1", {})], judge).score(trial({ id: "1", outcome: decided("Bye.") })),
    ).toEqual({
      passed: true,
      failures: [],
    });
  });

  it("is not a category without a judge: unscored, never counted as passed", async () => {
    const plain = await tau2RetailSuite({ taskIds: ["16"] });
    expect(plain.scorers?.map((s) => s.name)).toEqual(["tau2Db", "communicateInfo"]);
    const judged = await tau2RetailSuite({ taskIds: ["16"], judge: scriptedModel({ steps: [] }) });
    expect(judged.scorers?.map((s) => s.name)).toEqual(["tau2Db", "communicateInfo", "nlAssertions"]);
  });
});
