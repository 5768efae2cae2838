// Issue 14, item 3: `reins export training` through the built CLI, on model runs against a fake OpenAI-compatible
// server: approved and corrected runs as SFT lines, corrections as DPO and TRL preference pairs, the disputed run
// dropped, the function-agent run skipped, the output file 0600 and free of the redacted field.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeOpenAIServer } from "../../../src/testing/index.js";
import { type Sandbox, sandbox } from "../cli-harness.js";

const workflow = "test/fixtures/effects-workflow";

const oneRun = (id: string) => [
  { toolCalls: [{ id: `${id}-1`, name: "record_step", arguments: { step: 1, confidence: 0.9 } }] },
  {
    toolCalls: [
      {
        id: `${id}-2`,
        name: "reins_decide",
        arguments: { decision: "done", confidence: 0.9, rationale: "Recorded." },
      },
    ],
  },
];

async function modelRun(s: Sandbox, url: string, runId: string, input: unknown): Promise<void> {
  const result = await s.reinsAsync(
    "run",
    workflow,
    "--input",
    s.input(`${runId}.json`, input),
    "--model",
    `openai-compatible:${url}#fake-model`,
    "--run-id",
    runId,
    "--autonomy",
    "draft",
  );
  expect(result.code, result.stderr).toBe(0);
}

function review(s: Sandbox, runId: string, ...flags: string[]): void {
  const result = s.reins("review", "record", workflow, runId, ...flags);
  expect(result.code, result.stderr).toBe(0);
}

const jsonl = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("reins export training", () => {
  it("exports reviewed model runs in all three formats, dropping the disputed and skipping the function agent's", async () => {
    const server = await startFakeOpenAIServer({
      replies: ["a", "b", "c", "d"].flatMap((id) => oneRun(id)),
    });
    const s = sandbox();
    try {
      await modelRun(s, server.url, "run-a", { steps: 1 });
      await modelRun(s, server.url, "run-b", { steps: 2 });
      await modelRun(s, server.url, "run-c", { steps: 1, email: false });
      await modelRun(s, server.url, "run-d", { steps: 1, email: true });
    } finally {
      await server.close();
    }
    const fn = s.reins(
      "run",
      workflow,
      "--input",
      s.input("f.json", { steps: 0 }),
      "--run-id",
      "run-f",
      "--autonomy",
      "draft",
    );
    expect(fn.code, fn.stderr).toBe(0);

    review(s, "run-a", "--outcome", "approved");
    review(s, "run-b", "--outcome", "edited", "--decision", "skipped", "--error-type", "poor_prioritisation");
    review(s, "run-c", "--outcome", "rejected", "--decision", "skipped");
    review(s, "run-d", "--outcome", "approved");
    review(s, "run-f", "--outcome", "approved");
    expect(s.reins("store", "config", "set", "delegation", "allow").code).toBe(0);
    review(s, "run-d", "--outcome", "rejected", "--decision", "skipped", "--by", "bo");

    const out = join(s.dir, "sft.jsonl");
    const sft = s.reins("export", "training", workflow, "--format", "openai-sft", "--out", out);
    expect(sft.code, sft.stderr).toBe(0);
    expect(sft.stderr).toContain("written 3 openai-sft lines");
    expect(sft.stderr).toContain("dropped (disputed: reviewers disagree) 1: run-d");
    expect(sft.stderr).toContain("skipped 1 (function agent (no model conversation): 1)");
    expect(sft.stderr).toContain("overlapping eval cases: not checked");
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const text = readFileSync(out, "utf8");
    expect(text).not.toContain("123-45-6789");
    const lines = jsonl(text);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const messages = line.messages as {
        role: string;
        tool_calls?: { function: { name: string; arguments: string } }[];
      }[];
      expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "assistant"]);
      const tools = line.tools as { type: string; function: { name: string } }[];
      expect(tools.map((t) => t.function.name)).toEqual([
        "record_step",
        "send_email",
        "reins_decide",
        "reins_escalate",
        "reins_ask",
        "reins_refuse",
      ]);
    }
    const decisions = lines.map((line) => {
      const last = (line.messages as { tool_calls: { function: { arguments: string } }[] }[]).at(-1);
      return (JSON.parse(last?.tool_calls[0]?.function.arguments ?? "{}") as { decision: string }).decision;
    });
    // run-a as the agent decided; run-b and run-c as corrected.
    expect(decisions).toEqual(["done", "skipped", "skipped"]);

    const dpo = s.reins("export", "training", workflow, "--format", "openai-dpo");
    expect(dpo.code, dpo.stderr).toBe(0);
    const pairs = jsonl(dpo.stdout);
    expect(pairs).toHaveLength(2);
    for (const pair of pairs) {
      expect(Object.keys(pair).sort()).toEqual(["input", "non_preferred_output", "preferred_output"]);
      const preferred = pair.preferred_output as { tool_calls: { function: { arguments: string } }[] }[];
      const rejected = pair.non_preferred_output as { tool_calls: { function: { arguments: string } }[] }[];
      expect(JSON.parse(preferred[0]?.tool_calls[0]?.function.arguments ?? "")).toMatchObject({
        decision: "skipped",
      });
      expect(JSON.parse(rejected[0]?.tool_calls[0]?.function.arguments ?? "")).toMatchObject({
        decision: "done",
      });
    }
    expect(dpo.stdout).not.toContain("123-45-6789");

    const trl = s.reins("export", "training", workflow, "--format", "trl-preference");
    expect(trl.code, trl.stderr).toBe(0);
    const prefs = jsonl(trl.stdout);
    expect(prefs).toHaveLength(2);
    for (const pref of prefs) {
      expect(Object.keys(pref).sort()).toEqual(["chosen", "prompt", "rejected", "tools"]);
      expect((pref.prompt as { role: string }[]).map((m) => m.role)).toEqual([
        "system",
        "user",
        "assistant",
        "tool",
      ]);
      expect(pref.chosen).toMatchObject([
        { role: "assistant", tool_calls: [{ function: { arguments: { decision: "skipped" } } }] },
      ]);
      expect(pref.rejected).toMatchObject([
        { role: "assistant", tool_calls: [{ function: { arguments: { decision: "done" } } }] },
      ]);
    }

    const bad = s.reins("export", "training", workflow, "--format", "openai-sf");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format");
    expect(bad.stderr).toContain("did you mean openai-sft?");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
