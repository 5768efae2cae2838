import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scriptedModel } from "../testing/index.js";
import { newWorld, openTestStore, runCrm, type TestStore } from "./__fixtures__/crm-workflow.js";
import { modelAgent } from "./agent.js";

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(async () => {
  await t.store.close();
});

describe("the model loop", () => {
  it("reads, acts and decides; the prompt carries the charter and the input; usage is counted", async () => {
    const world = newWorld();
    const model = scriptedModel({
      steps: [
        {
          expect: (call) => {
            expect(call.toolNames).toEqual([
              "lookup",
              "update_lead",
              "send_email",
              "flaky_score",
              "broken_score",
              "cached_score",
              "down_score",
              "slow_score",
              "bad_score",
              "reins_decide",
              "reins_escalate",
              "reins_ask",
              "reins_refuse",
            ]);
            expect(JSON.stringify(call.prompt)).toContain("Qualify the lead.");
            expect(JSON.stringify(call.prompt)).toContain("L-1");
          },
          toolCalls: [{ toolName: "lookup", input: { domain: "acme.com" } }],
          usage: { inputTokens: 100, outputTokens: 10 },
        },
        {
          toolCalls: [
            { toolName: "update_lead", input: { leadId: "L-1", status: "qualified", confidence: 0.95 } },
          ],
          usage: { inputTokens: 150, outputTokens: 12 },
        },
        {
          toolCalls: [
            {
              toolName: "reins_decide",
              input: { decision: "qualified", confidence: 0.95, rationale: "Known account." },
            },
          ],
          usage: { inputTokens: 200, outputTokens: 20 },
        },
      ],
    });
    const result = await runCrm(t, modelAgent(model), { env: world });
    model.assertConsumed();
    expect(world.updates).toEqual([{ leadId: "L-1", status: "qualified" }]);
    expect(result.outcome).toEqual({
      type: "decision",
      decision: { decision: "qualified", confidence: 0.95, rationale: "Known account." },
      draft: false,
    });
    expect(result.usage).toEqual({ modelCalls: 3, inputTokens: 450, outputTokens: 42 });
  });

  it("gives one repair attempt for an invalid decision", async () => {
    const model = scriptedModel({
      steps: [
        { toolCalls: [{ toolName: "reins_decide", input: { decision: "maybe", confidence: 2 } }] },
        {
          expect: (call) =>
            expect(call.toolResults).toMatchObject([
              {
                type: "tool-result",
                toolCallId: "call-0-0",
                toolName: "reins_decide",
                output: {
                  type: "error-text",
                  value:
                    'the decision does not match the charter\'s decision schema (decision: Invalid option: expected one of "qualified"|"nurture"|"disqualified"; confidence: Too big: expected number to be <=1). Call reins_decide again with valid arguments.',
                },
              },
            ]),
          toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.8 } }],
        },
      ],
    });
    const result = await runCrm(t, modelAgent(model));
    model.assertConsumed();
    expect(result.outcome).toEqual({
      type: "decision",
      decision: { decision: "nurture", confidence: 0.8 },
      draft: false,
    });
  });

  it("ends in needs_review after the repair attempt fails too", async () => {
    const model = scriptedModel({
      steps: [
        { toolCalls: [{ toolName: "reins_decide", input: { decision: "maybe", confidence: 0.5 } }] },
        { toolCalls: [{ toolName: "reins_decide", input: { decision: "still-maybe", confidence: 0.5 } }] },
      ],
    });
    const result = await runCrm(t, modelAgent(model));
    model.assertConsumed();
    expect(result.outcome).toMatchObject({
      type: "escalation",
      reason: "needs_review",
      evidence: { lastAttempt: { decision: "still-maybe", confidence: 0.5 } },
    });
  });

  it("nudges a model that answers in prose once, then escalates", async () => {
    const model = scriptedModel({
      steps: [{ text: "I think it is qualified." }, { text: "Qualified, really." }],
    });
    const result = await runCrm(t, modelAgent(model));
    model.assertConsumed();
    expect(result.outcome).toEqual({
      type: "escalation",
      reason: "needs_review",
      evidence: {
        problem: "the model answered without a tool call or a decision, twice",
        lastAttempt: "Qualified, really.",
      },
    });
  });

  it("stops at the charter's step limit", async () => {
    const steps = Array.from({ length: 8 }, () => ({
      toolCalls: [{ toolName: "lookup", input: { domain: "acme.com" } }],
    }));
    const result = await runCrm(t, modelAgent(scriptedModel({ steps })));
    expect(result.outcome).toEqual({
      type: "escalation",
      reason: "step_limit",
      evidence: "no conclusion after 8 model steps (limits.maxSteps)",
    });
  });

  it("escalates, asks and refuses through control tools", async () => {
    const escalate = scriptedModel({
      steps: [
        {
          toolCalls: [
            {
              toolName: "reins_escalate",
              input: { reason: "ownership_conflict", evidence: "A-1 vs A-2", recommendation: "Keep A-1" },
            },
          ],
        },
      ],
    });
    expect((await runCrm(t, modelAgent(escalate))).outcome).toEqual({
      type: "escalation",
      reason: "ownership_conflict",
      evidence: "A-1 vs A-2",
      recommendation: "Keep A-1",
    });
    const ask = scriptedModel({
      steps: [
        {
          toolCalls: [
            { toolName: "reins_ask", input: { fields: ["form.employees"], question: "How many employees?" } },
          ],
        },
      ],
    });
    expect((await runCrm(t, modelAgent(ask))).outcome).toEqual({
      type: "needs-input",
      fields: ["form.employees"],
      question: "How many employees?",
    });
  });
});
