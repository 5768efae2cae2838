import { describe, expect, it } from "vitest";
import { charter, newWorld, registry } from "../../runtime/__fixtures__/crm-workflow.js";
import { scriptedModel } from "../../testing/index.js";
import { caseSchema } from "../case.js";
import { scoreTrial } from "../score-trial.js";
import type { TrialContext } from "../trial.js";
import { modelGradedScorer } from "./model-graded.js";

const trial: TrialContext = {
  case: caseSchema.parse({
    id: "c1",
    kind: "success",
    impact: "low",
    input: { leadId: "L-1", domain: "acme.com" },
    expect: { decision: "qualified" },
  }),
  charter,
  registry,
  outcome: {
    type: "decision",
    decision: { decision: "qualified", confidence: 0.9, rationale: "Sure thing!!" },
    draft: false,
  },
  toolCalls: [],
  initialState: newWorld(),
  finalState: newWorld(),
  goldState: undefined,
  normalize: (s) => s,
};

describe("modelGradedScorer", () => {
  it("turns the grader's verdict into a category score with its reason, and sends the evidence", async () => {
    const model = scriptedModel({
      steps: [
        {
          expect: (call) => expect(JSON.stringify(call.prompt)).toContain("Sure thing!!"),
          toolCalls: [
            { toolName: "grade", input: { passed: false, reason: "the rationale cites no evidence" } },
          ],
        },
      ],
    });
    const grader = modelGradedScorer({
      name: "rationale",
      model,
      rubric: "The rationale cites the record it relied on.",
    });
    const result = await scoreTrial(trial, [grader]);
    model.assertConsumed();
    expect(result.scores.rationale).toBe(0);
    expect(result.failures).toEqual([
      {
        category: "rationale",
        message:
          "expected: The rationale cites the record it relied on.; the grader found: the rationale cites no evidence",
      },
    ]);
  });

  it("fails the category when the grader answers without a valid verdict", async () => {
    const model = scriptedModel({
      steps: [{ toolCalls: [{ toolName: "grade", input: { passed: "yes" } }] }],
    });
    const grader = modelGradedScorer({ name: "tone", model, rubric: "Polite." });
    expect(await grader.score(trial)).toEqual({
      passed: false,
      failures: ['the grader gave no valid verdict for "Polite."'],
    });
  });

  it("passes when the grader says so", async () => {
    const model = scriptedModel({
      steps: [{ toolCalls: [{ toolName: "grade", input: { passed: true, reason: "fine" } }] }],
    });
    expect(await modelGradedScorer({ name: "tone", model, rubric: "Polite." }).score(trial)).toEqual({
      passed: true,
      failures: [],
    });
  });
});
