import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeOpenAIServer } from "../../src/testing/index.js";
import { sandbox } from "./cli-harness.js";

const workflow = "test/fixtures/effects-workflow";

describe("a model over real HTTP", () => {
  it("completes a run through the real openai-compatible provider against a fake server on 127.0.0.1", async () => {
    const server = await startFakeOpenAIServer({
      replies: [
        { toolCalls: [{ id: "c1", name: "record_step", arguments: { step: 1, confidence: 0.9 } }] },
        {
          toolCalls: [
            {
              id: "c2",
              name: "reins_decide",
              arguments: { decision: "done", confidence: 0.92, rationale: "Recorded." },
            },
          ],
        },
      ],
    });
    try {
      const s = sandbox();
      const input = s.input("in.json", { steps: 1 });
      const model = `openai-compatible:${server.url}#fake-model`;
      const result = await s.reinsAsync(
        "run",
        workflow,
        "--input",
        input,
        "--model",
        model,
        "--run-id",
        "http-1",
      );
      expect(result.stderr).toBe("");
      expect(result.stdout.split("\n").slice(0, 4)).toEqual([
        "run http-1: completed",
        "outcome: decision done, confidence 0.92",
        "tool calls: record_step executed",
        expect.stringMatching(/^model: 2 calls, \d+ input \+ \d+ output tokens$/),
      ]);
      expect(server.remaining()).toBe(0);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(server.requests).toHaveLength(2);
      const [first, second] = server.requests as [(typeof server.requests)[0], (typeof server.requests)[0]];
      const body = first.body as {
        model: string;
        tools: { function: { name: string } }[];
        messages: { role: string }[];
      };
      expect(body.model).toBe("fake-model");
      expect(body.tools.map((t) => t.function.name)).toEqual([
        "record_step",
        "send_email",
        "reins_decide",
        "reins_escalate",
        "reins_ask",
        "reins_refuse",
      ]);
      expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
      // The second request carries the gate's result for the tool call, over the wire.
      const messages = (
        second.body as { messages: { role: string; tool_call_id?: string; content?: string }[] }
      ).messages;
      expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
      expect(JSON.parse(messages[3]?.content ?? "{}")).toEqual({ status: "ok", output: { recorded: true } });
      const effects = existsSync(s.effects) ? readFileSync(s.effects, "utf8").trim().split("\n") : [];
      expect(effects.map((l) => JSON.parse(l).key)).toEqual(["http-1:c1"]);
    } finally {
      await server.close();
    }
  });

  it("reports a provider failure as a failed run (exit 1), after the SDK's retries", async () => {
    const server = await startFakeOpenAIServer({
      replies: [
        { status: 500, body: { error: { message: "upstream down" } } },
        { status: 500, body: { error: { message: "upstream down" } } },
        { status: 500, body: { error: { message: "upstream down" } } },
      ],
    });
    try {
      const s = sandbox();
      const input = s.input("in.json", { steps: 1 });
      const result = await s.reinsAsync(
        "run",
        workflow,
        "--input",
        input,
        "--model",
        `openai-compatible:${server.url}#m`,
        "--run-id",
        "http-2",
      );
      expect(result.code).toBe(1);
      expect(result.stdout.split("\n").slice(0, 2)).toEqual([
        "run http-2: failed",
        expect.stringMatching(/^outcome: error \[AGENT_ERROR\]: .*upstream down/),
      ]);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it("reins eval --model answers a re-run from the store's model cache, and asks again with --no-cache", async () => {
    const decide = {
      toolCalls: [
        {
          id: "d1",
          name: "reins_decide",
          arguments: { decision: "p3", team: "support", confidence: 0.9, rationale: "Routine." },
        },
      ],
    };
    const server = await startFakeOpenAIServer({ handler: () => decide });
    try {
      const s = sandbox();
      const evaluate = (...flags: string[]) =>
        s.reinsAsync(
          "eval",
          "test/fixtures/mini-suite",
          "--model",
          `openai-compatible:${server.url}#m`,
          "--out",
          join(s.dir, "r.json"),
          "--html",
          join(s.dir, "r.html"),
          ...flags,
        );
      const first = await evaluate();
      expect(first.stderr).toBe("");
      // One request per case (six cases), each answered with a decision.
      expect(server.requests).toHaveLength(6);
      type Result = { caseId: string; decision: string | null; scores: Record<string, number> };
      const results = () =>
        // In the order trials ended (the report streams them from the store): compared by case.
        (JSON.parse(readFileSync(join(s.dir, "r.json"), "utf8")) as { results: Result[] }).results
          .map((r) => [r.caseId, r.decision, r.scores] as const)
          .sort((a, b) => a[0].localeCompare(b[0]));
      const firstResults = results();
      expect(firstResults.map(([, decision]) => decision)).toEqual(Array(6).fill("p3"));
      const again = await evaluate();
      expect(again.stderr).toBe("");
      expect(server.requests).toHaveLength(6);
      expect(results()).toEqual(firstResults);
      const uncached = await evaluate("--no-cache");
      expect(uncached.stderr).toBe("");
      expect(server.requests).toHaveLength(12);
    } finally {
      await server.close();
    }
  });
});
