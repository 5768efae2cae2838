import { evaluate, modelAgent } from "reins";
import type { TrialResult } from "reins/eval";
import { scriptedModel, toolCall } from "reins/testing";
import { describe, expect, it } from "vitest";
import { tau2RetailSuite } from "./tau2/build-suite.js";
import { stopSignalIn } from "./tau2/user-simulator.js";

// The conversational path end to end: a scripted agent talks through respond_to_user with a scripted customer (the
// user simulator's model), under the gate, in the sandbox; the trial is scored like any other.

const say = (message: string) => toolCall("respond_to_user", { message });
const promptText = (prompt: readonly { role: string; content: unknown }[]) =>
  prompt.map((m) => ({
    role: m.role,
    text:
      typeof m.content === "string"
        ? m.content
        : (m.content as { type: string; text?: string }[]).map((p) => p.text ?? "").join(""),
  }));

describe("a conversation between the agent and the simulated customer", () => {
  it("task 113: authenticate, confirm, cancel both orders, stop at ###STOP###, finish; scored at full marks", async () => {
    const customer = scriptedModel({
      modelId: "customer",
      steps: [
        { text: "Hi. I want to cancel all my pending orders." },
        { text: "Yara Muller, zip code 85041." },
        { text: "I ordered them by mistake. Yes, please cancel both." },
        { text: "Thank you! ###STOP###" },
      ],
    });
    const agent = scriptedModel({
      modelId: "agent",
      steps: [
        { toolCalls: [say("Hi! How can I help you today?")] },
        { toolCalls: [say("I can help. What is your name and zip code?")] },
        {
          toolCalls: [
            toolCall("find_user_id_by_name_zip", { first_name: "Yara", last_name: "Muller", zip: "85041" }),
          ],
        },
        { toolCalls: [toolCall("get_user_details", { user_id: "yara_muller_8652" })] },
        {
          toolCalls: [
            toolCall("get_order_details", { order_id: "#W5056519" }),
            toolCall("get_order_details", { order_id: "#W5995614" }),
          ],
        },
        { toolCalls: [say("Orders #W5056519 and #W5995614 are pending. Why do you want to cancel them?")] },
        {
          toolCalls: [
            toolCall("cancel_pending_order", { order_id: "#W5056519", reason: "ordered by mistake" }),
            toolCall("cancel_pending_order", { order_id: "#W5995614", reason: "ordered by mistake" }),
          ],
        },
        {
          toolCalls: [say("Both orders are cancelled; the refunds go back to the original payment methods.")],
        },
        // After the customer's stop signal nothing more may change the world: this call is refused.
        { toolCalls: [toolCall("get_user_details", { user_id: "yara_muller_8652" })] },
        {
          toolCalls: [
            toolCall("reins_decide", {
              decision: "resolved",
              confidence: 0.95,
              message: "Both orders are cancelled.",
            }),
          ],
        },
      ],
    });
    const suite = await tau2RetailSuite({ mode: "conversation", taskIds: ["113"], userModel: customer });
    const report = await evaluate({ suite, agent: modelAgent(agent), concurrency: 1 });
    agent.assertConsumed();
    customer.assertConsumed();

    const result = report.results[0] as TrialResult;
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.scores).toMatchObject({
      tau2Db: 1,
      communicateInfo: 1,
      taskSuccess: 1,
      policyCompliance: 1,
    });
    expect(result.toolCalls.map((c) => [c.toolName, c.status])).toEqual([
      ["respond_to_user", "executed"],
      ["respond_to_user", "executed"],
      ["find_user_id_by_name_zip", "executed"],
      ["get_user_details", "executed"],
      ["get_order_details", "executed"],
      ["get_order_details", "executed"],
      ["respond_to_user", "executed"],
      ["cancel_pending_order", "executed"],
      ["cancel_pending_order", "executed"],
      ["respond_to_user", "executed"],
      ["get_user_details", "failed"],
    ]);

    // The customer saw the agent's messages as the user's and its own as the assistant's, under τ²'s rules.
    const first = customer.calls[0];
    const last = customer.calls[3];
    expect(promptText(first?.prompt ?? [])).toEqual([
      { role: "system", text: expect.stringContaining("<scenario>\nInstructions:\n\tDomain: retail") },
      { role: "user", text: "Hi! How can I help you today?" },
    ]);
    expect(promptText(first?.prompt ?? [])[0]?.text).toContain("write ###STOP### to end the conversation");
    expect(promptText(first?.prompt ?? [])[0]?.text).toContain("You want to cancel all pending orders.");
    expect(promptText(last?.prompt ?? []).map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
    ]);

    // The agent got the customer's replies as tool results, and the stop was reported with the reply.
    const results = agent.calls.at(-1)?.toolResults.map((r) => r.output) ?? [];
    expect(results[0]).toEqual({
      type: "json",
      value: {
        status: "ok",
        output: { customer: "Hi. I want to cancel all my pending orders.", ended: false },
      },
    });
    expect(results.at(-2)).toEqual({
      type: "json",
      value: {
        status: "ok",
        output: {
          customer: "Thank you! ###STOP###",
          ended: true,
          note: "The customer ended the conversation (###STOP###). Finish now: reins_escalate with transfer_to_human_agents after a transfer, otherwise reins_decide.",
        },
      },
    });
    expect(results.at(-1)).toEqual({
      type: "json",
      value: {
        status: "error",
        message:
          '"get_user_details" failed after 1 attempt(s): error: The customer has ended the conversation (###STOP###); nothing more can be done in it. Finish now.',
      },
    });
  });

  it("task 50: a transfer to a human ends in the expected escalation after ###TRANSFER###", async () => {
    const customer = scriptedModel({
      modelId: "customer",
      steps: [{ text: "I need you to undo the cancellation of my order, now." }, { text: "###TRANSFER###" }],
    });
    const agent = scriptedModel({
      modelId: "agent",
      steps: [
        { toolCalls: [say("Hi! How can I help you today?")] },
        {
          toolCalls: [toolCall("transfer_to_human_agents", { summary: "Wants a cancelled order restored." })],
        },
        { toolCalls: [say("YOU ARE BEING TRANSFERRED TO A HUMAN AGENT. PLEASE HOLD ON.")] },
        {
          toolCalls: [
            toolCall("reins_escalate", {
              reason: "transfer_to_human_agents",
              evidence: "Cancelled orders cannot be restored within the policy.",
            }),
          ],
        },
      ],
    });
    const suite = await tau2RetailSuite({ mode: "conversation", taskIds: ["50"], userModel: customer });
    const report = await evaluate({ suite, agent: modelAgent(agent), concurrency: 1 });
    agent.assertConsumed();
    customer.assertConsumed();
    const result = report.results[0] as TrialResult;
    expect(result.failures).toEqual([]);
    expect(result.outcome).toMatchObject({ type: "escalation", reason: "transfer_to_human_agents" });
  });

  it("recognises τ²'s three stop signals anywhere in a reply", () => {
    expect(
      ["Thanks! ###STOP###", "###TRANSFER###", "I can't say. ###OUT-OF-SCOPE###", "Please stop."].map(
        stopSignalIn,
      ),
    ).toEqual(["###STOP###", "###TRANSFER###", "###OUT-OF-SCOPE###", null]);
  });

  it("needs a model to play the customer", async () => {
    await expect(tau2RetailSuite({ mode: "conversation", taskIds: ["50"] })).rejects.toThrow(
      "conversation mode needs a model to play the customer",
    );
  });
});
