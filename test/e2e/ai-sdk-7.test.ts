import { createOpenAI } from "@ai-sdk/openai-v4";
import { describe, expect, it } from "vitest";
import { loadSuite } from "../../src/eval/load-suite.js";
import { decideApproval, evaluate, modelAgent, runAgent } from "../../src/index.js";
import { cachedModel } from "../../src/model/cache-middleware.js";
import {
  charter,
  newWorld,
  registry,
  resumeCrm,
  runCrm,
  useTestStore,
} from "../../src/runtime/__fixtures__/crm-workflow.js";
import { type ScriptStep, scriptedModel, startFakeOpenAIServer } from "../../src/testing/index.js";

// AI SDK 7's providers implement the v4 language model specification. These tests pass v4 model objects to
// `runAgent` and `evaluate` as a user on AI SDK 7 would: a real `@ai-sdk/openai@4` provider (which loads on Node 20
// as well as 22) talking to the fake OpenAI server on 127.0.0.1, and the scripted model's v4 form.

const t = useTestStore();
const email = { to: "ceo@acme.com", body: "Your demo is booked." };

describe("an AI SDK 7 (v4) model in runAgent", () => {
  it("runs through a real @ai-sdk/openai@4 provider against the fake OpenAI server: tool call, then decision", async () => {
    const server = await startFakeOpenAIServer({
      replies: [
        { toolCalls: [{ id: "c1", name: "lookup", arguments: { domain: "acme.com" } }] },
        {
          toolCalls: [
            {
              id: "c2",
              name: "reins_decide",
              arguments: { decision: "qualified", confidence: 0.9, rationale: "Fits." },
            },
          ],
        },
      ],
    });
    try {
      const openai = createOpenAI({ apiKey: "sk-test", baseURL: server.url });
      const model = openai.chat("fake-model");
      expect(model.specificationVersion).toBe("v4");
      const result = await runAgent({
        charter,
        registry,
        agent: modelAgent(model),
        input: { leadId: "L-1", domain: "acme.com" },
        store: t.store,
        audit: t.audit,
        env: newWorld(),
      });
      expect(result.status).toBe("completed");
      expect(result.outcome).toMatchObject({ type: "decision", decision: { decision: "qualified" } });
      expect(result.toolCalls.map((c) => [c.toolName, c.status])).toEqual([["lookup", "executed"]]);
      expect(server.requests.map((r) => [r.method, r.path])).toEqual([
        ["POST", "/v1/chat/completions"],
        ["POST", "/v1/chat/completions"],
      ]);
      const second = server.requests[1]?.body as { messages: { role: string; content?: string }[] };
      expect(second.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
      expect(JSON.parse(second.messages[3]?.content ?? "null")).toMatchObject({ status: "ok" });
      const modelCalls = (await t.store.audit.list(result.runId)).filter((e) => e.type === "model.called");
      expect(modelCalls).toHaveLength(2);
      expect(modelCalls[0]?.data).toMatchObject({
        model: "openai.chat:fake-model",
        toolCalls: [{ toolName: "lookup" }],
      });
    } finally {
      await server.close();
    }
  });

  it("takes a v4 model in an agent written as an object literal, and refuses a model id string before recording anything", async () => {
    const model = scriptedModel({
      specification: "v4",
      steps: [{ toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.8 } }] }],
    });
    const done = await runCrm(t, { kind: "model", model, name: "scripted-v4" });
    expect(done.outcome).toMatchObject({ type: "decision", decision: { decision: "nurture" } });
    model.assertConsumed();

    const bad = { kind: "model", model: "openai:gpt-4.1-mini", name: "typo" } as never;
    await expect(runCrm(t, bad, { runId: "never" })).rejects.toMatchObject({
      code: "REINS_MODEL_UNSUPPORTED",
      option: "agent.model",
      message: expect.stringContaining(
        'specificationVersion "v3" (AI SDK 6 providers) or "v4" (AI SDK 7 providers)',
      ),
    });
    expect(await t.store.runs.get("never")).toBeUndefined();
  });

  it("suspends on an approval, gives the model the gate's result in v4 form, and executes once after approval", async () => {
    const model = scriptedModel({
      specification: "v4",
      steps: [
        { toolCalls: [{ toolName: "send_email", input: { ...email, confidence: 0.9 }, toolCallId: "e1" }] },
        {
          expect: (call) =>
            expect(
              call.toolResults.map((r) => [
                r.toolCallId,
                (r.output as unknown as { value: { status: string } }).value.status,
              ]),
            ).toEqual([["e1", "ok"]]),
          toolCalls: [{ toolName: "reins_decide", input: { decision: "qualified", confidence: 0.9 } }],
        },
      ],
    });
    const agent = modelAgent(model);
    const world = newWorld();
    const first = await runCrm(t, agent, { env: world });
    expect(first.status).toBe("suspended");
    expect(world.sent).toEqual([]);
    const approvalId = first.suspended?.kind === "approval" ? first.suspended.approval.approvalId : "";
    expect(approvalId).toMatch(/^appr_/);
    await decideApproval({
      store: t.store,
      audit: t.audit,
      approvalId,
      decision: "approved",
      decidedBy: "maria",
    });
    const resumed = await resumeCrm(t, first.runId, agent, { env: world });
    expect(resumed.status).toBe("completed");
    expect(world.sent).toEqual([email]);
    expect(resumed.toolCalls).toMatchObject([{ callId: "e1", status: "executed", approvedBy: "maria" }]);
    model.assertConsumed();
    // What the v4 model received: v4 call options, the tool result as the v4 specification has it.
    const last = model.v4Calls.at(-1);
    expect(last?.toolChoice).toEqual({ type: "auto" });
    expect(last?.prompt.at(-1)).toMatchObject({
      role: "tool",
      content: [{ type: "tool-result", toolCallId: "e1", toolName: "send_email", output: { type: "json" } }],
    });
  });
});

describe("an AI SDK 7 (v4) model in evaluate", () => {
  /** Per case, in suite order: look the customer up, set p3, decide p3 (concurrency 1 keeps the order). */
  async function stepsFor(): Promise<{ suite: Awaited<ReturnType<typeof loadSuite>>; steps: ScriptStep[] }> {
    const suite = await loadSuite("test/fixtures/mini-suite");
    const steps = suite.cases.flatMap((c): ScriptStep[] => {
      const input = c.input as { ticketId: string; email: string };
      return [
        { toolCalls: [{ toolName: "lookup_customer", input: { email: input.email } }] },
        { toolCalls: [{ toolName: "set_priority", input: { ticketId: input.ticketId, priority: "p3" } }] },
        {
          toolCalls: [
            {
              toolName: "reins_decide",
              input: { decision: "p3", team: "support", confidence: 0.9, rationale: "Routine." },
            },
          ],
        },
      ];
    });
    return { suite, steps };
  }

  it("evaluates a v4 model with tool calls, and a v3 and a v4 model share the response cache: same requests, same keys", async () => {
    const { suite, steps } = await stepsFor();
    const v3 = scriptedModel({ steps });
    const v3Report = await evaluate({
      suite,
      agent: modelAgent(await cachedModel(v3, { store: t.store, trial: 1 })),
      concurrency: 1,
      store: t.store,
    });
    v3.assertConsumed();
    expect(v3.calls).toHaveLength(3 * suite.cases.length);

    // The same script as a v4 model, uncached: it answers as the v3 one did.
    const v4 = scriptedModel({ specification: "v4", steps });
    const v4Report = await evaluate({ suite, agent: modelAgent(v4), concurrency: 1 });
    v4.assertConsumed();
    expect(v4.v4Calls).toHaveLength(3 * suite.cases.length);
    const summary = (report: typeof v3Report) =>
      report.results.map((r) => [r.caseId, r.decision, r.passed, r.toolCalls?.length]);
    expect(summary(v4Report)).toEqual(summary(v3Report));
    expect(v4Report.results.map((r) => r.decision)).toEqual(Array(suite.cases.length).fill("p3"));

    // A v4 model behind the cache the v3 run filled: every request is found (its key is made from Reins' request,
    // before the translation to v4), so the model, with an empty script, is never called.
    const cachedV4 = scriptedModel({ specification: "v4", steps: [] });
    const fromCache = await evaluate({
      suite,
      agent: modelAgent(await cachedModel(cachedV4, { store: t.store, trial: 1 })),
      concurrency: 1,
    });
    expect(cachedV4.v4Calls).toHaveLength(0);
    expect(summary(fromCache)).toEqual(summary(v3Report));
  });

  it("refuses a v2 model before any trial runs", async () => {
    const { suite } = await stepsFor();
    const v2 = {
      specificationVersion: "v2",
      provider: "openai",
      modelId: "gpt-4o",
      doGenerate() {},
      doStream() {},
    };
    await expect(
      evaluate({ suite, agent: { kind: "model", model: v2, name: "old" } as never }),
    ).rejects.toMatchObject({
      code: "REINS_MODEL_UNSUPPORTED",
      message: expect.stringContaining('got specificationVersion "v2" (an AI SDK 5 provider)'),
    });
  });
});
