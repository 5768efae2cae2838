import type { LanguageModelV3FunctionTool } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRedactor } from "../audit/redact.js";
import type { LoopMessage } from "../runtime/model-prompt.js";
import type { ReviewRecord, RunRecord } from "../store/store.js";
import { type BuildTrainingDataOptions, buildTrainingData, type ReviewedRun } from "./training-data.js";

// The formats as documented: OpenAI's chat fine-tuning format (messages + tools), OpenAI's DPO format (input /
// preferred_output / non_preferred_output) and TRL's conversational preference format (prompt / chosen / rejected).
const jsonString = z.string().refine((text) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}, "arguments must be a JSON string");
const toolCall = z.strictObject({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.strictObject({ name: z.string().min(1), arguments: jsonString }),
});
const system = z.strictObject({ role: z.literal("system"), content: z.string() });
const user = z.strictObject({ role: z.literal("user"), content: z.string() });
const assistant = z
  .strictObject({
    role: z.literal("assistant"),
    content: z.string().nullable(),
    tool_calls: z.array(toolCall).min(1).optional(),
  })
  .refine(
    (m) => m.content !== null || m.tool_calls !== undefined,
    "an assistant message needs content or tool_calls",
  );
const tool = z.strictObject({
  role: z.literal("tool"),
  tool_call_id: z.string().min(1),
  content: z.string(),
});
const message = z.union([system, user, assistant, tool]);
const tools = z.array(
  z.strictObject({
    type: z.literal("function"),
    function: z.strictObject({
      name: z.string().min(1),
      description: z.string(),
      parameters: z.looseObject({ type: z.literal("object") }),
    }),
  }),
);

type Message = z.infer<typeof message>;

/** Every tool call answered by exactly one tool message after it, and every tool message answering a call before it. */
function answered(messages: Message[], finalAnswered: boolean): string | true {
  const open = new Map<string, number>();
  const seen = new Set<string>();
  for (const [index, m] of messages.entries()) {
    if (m.role === "assistant")
      for (const call of m.tool_calls ?? []) {
        if (seen.has(call.id)) return `tool call id ${call.id} used twice`;
        seen.add(call.id);
        open.set(call.id, index);
      }
    if (m.role === "tool") {
      if (!open.has(m.tool_call_id)) return `tool message ${m.tool_call_id} answers no open call`;
      open.delete(m.tool_call_id);
    }
  }
  const last = messages.length - 1;
  for (const [id, index] of open) if (finalAnswered || index !== last) return `tool call ${id} unanswered`;
  return true;
}

const sftLine = z.strictObject({ messages: z.array(message).min(3), tools }).superRefine((line, ctx) => {
  if (line.messages[0]?.role !== "system")
    ctx.addIssue({ code: "custom", message: "starts with the system prompt" });
  if (line.messages.at(-1)?.role !== "assistant")
    ctx.addIssue({ code: "custom", message: "ends with the assistant" });
  const ok = answered(line.messages, false);
  if (ok !== true) ctx.addIssue({ code: "custom", message: ok });
});
const dpoLine = z
  .strictObject({
    input: z.strictObject({ messages: z.array(message).min(2), tools }),
    preferred_output: z.array(assistant).length(1),
    non_preferred_output: z.array(assistant).length(1),
  })
  .superRefine((line, ctx) => {
    const ok = answered(line.input.messages, true);
    if (ok !== true) ctx.addIssue({ code: "custom", message: ok });
    if (line.input.messages.at(-1)?.role === "assistant")
      ctx.addIssue({ code: "custom", message: "the input ends before the assistant's turn" });
  });
const trlToolCall = z.strictObject({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.strictObject({ name: z.string().min(1), arguments: z.record(z.string(), z.unknown()) }),
});
const trlAssistant = z.strictObject({
  role: z.literal("assistant"),
  content: z.string(),
  tool_calls: z.array(trlToolCall).min(1).optional(),
});
const trlMessage = z.union([
  system,
  user,
  trlAssistant,
  z.strictObject({
    role: z.literal("tool"),
    tool_call_id: z.string(),
    name: z.string().min(1),
    content: z.string(),
  }),
]);
const trlLine = z.strictObject({
  prompt: z.array(trlMessage).min(2),
  chosen: z.array(trlAssistant).length(1),
  rejected: z.array(trlAssistant).length(1),
  tools,
});

const schemaTool = (name: string): LanguageModelV3FunctionTool => ({
  type: "function",
  name,
  description: `${name} tool`,
  inputSchema: { type: "object", properties: { step: { type: "integer" } } },
});
const offered = [schemaTool("record_step"), schemaTool("reins_decide"), schemaTool("reins_escalate")];

function conversation(decision: string, secret = ""): LoopMessage[] {
  return [
    { role: "user", content: 'Input:\n{"steps":1}' },
    {
      role: "assistant",
      content: [
        { type: "text", text: `Recording.${secret}` },
        { type: "tool-call", toolCallId: "c1", toolName: "record_step", input: { step: 1, confidence: 0.9 } },
      ],
    },
    {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "c1",
          toolName: "record_step",
          output: { type: "json", value: { status: "ok", output: { recorded: true } } },
        },
      ],
    },
    {
      role: "assistant",
      content: [
        {
          type: "tool-call",
          toolCallId: "c2",
          toolName: "reins_decide",
          input: { decision, confidence: 0.9, rationale: "Recorded." },
        },
      ],
    },
  ];
}

function runOf(
  id: string,
  messages: LoopMessage[] | null,
  input: unknown = { steps: 1 },
  agent = "model:fake",
): RunRecord {
  return {
    id,
    charter: "effects",
    charterVersion: "1",
    status: "completed",
    autonomy: "draft",
    agent,
    input,
    outcome: null,
    checkpoint: messages === null ? null : { schemaVersion: 2, agent: { messages } },
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
  };
}

let counter = 0;
function review(
  runId: string,
  outcome: ReviewRecord["outcome"],
  extra: Partial<ReviewRecord> = {},
): ReviewRecord {
  counter++;
  return {
    id: `rev_${String(counter).padStart(3, "0")}`,
    runId,
    reviewer: "ann",
    createdAt: `2025-01-02T00:00:${String(counter).padStart(2, "0")}.000Z`,
    schemaVersion: 1,
    outcome,
    errorType: null,
    correction: null,
    rootCause: null,
    retrainingPriority: null,
    note: null,
    ...extra,
  };
}

function fixture(): ReviewedRun[] {
  return [
    { run: runOf("approved", conversation("done")), reviews: [review("approved", "approved")] },
    {
      run: runOf("edited", conversation("done", " key sk-abcdefghijklmnopqrstuvwx1234"), { steps: 2 }),
      reviews: [review("edited", "edited", { correction: { decision: "skipped", fields: { note: "x" } } })],
    },
    {
      run: runOf("rejected", conversation("done"), { steps: 3 }),
      reviews: [review("rejected", "rejected", { correction: { decision: "skipped" } })],
    },
    {
      run: runOf("rejected-bare", conversation("done"), { steps: 4 }),
      reviews: [review("rejected-bare", "rejected")],
    },
    {
      run: runOf("disputed", conversation("done"), { steps: 5 }),
      reviews: [review("disputed", "approved"), review("disputed", "rejected", { reviewer: "bo" })],
    },
    {
      run: runOf("function", null, { steps: 6 }, "function:baseline"),
      reviews: [review("function", "approved")],
    },
    { run: runOf("unreviewed", conversation("done"), { steps: 7 }), reviews: [] },
  ];
}

const base = (format: BuildTrainingDataOptions["format"], runs = fixture()): BuildTrainingDataOptions => ({
  format,
  runs,
  system: "You route steps.",
  tools: offered,
  redact: createRedactor({ fields: [] }),
});

describe("buildTrainingData", () => {
  it("openai-sft: approved and corrected runs, every line OpenAI's chat fine-tuning format", () => {
    const { lines, summary } = buildTrainingData(base("openai-sft"));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(sftLine.safeParse(line).error?.issues ?? []).toEqual([]);
    const [approved, edited] = lines as z.infer<typeof sftLine>[];
    expect(approved?.messages.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
      "assistant",
    ]);
    const decide = (line: z.infer<typeof sftLine> | undefined) => {
      const last = line?.messages.at(-1);
      return last?.role === "assistant" ? last.tool_calls?.[0] : undefined;
    };
    expect(decide(approved)?.function.name).toBe("reins_decide");
    expect(JSON.parse(decide(approved)?.function.arguments ?? "")).toMatchObject({ decision: "done" });
    // The correction is the last turn: the corrected decision and fields, over the agent's rationale.
    expect(JSON.parse(decide(edited)?.function.arguments ?? "")).toEqual({
      decision: "skipped",
      note: "x",
      confidence: 0.9,
      rationale: "Recorded.",
    });
    expect(approved?.tools.map((t) => t.function.name)).toEqual([
      "record_step",
      "reins_decide",
      "reins_escalate",
    ]);
    expect(summary).toMatchObject({ written: 3, disputed: ["disputed"], evalChecked: false });
    expect(summary.skipped).toEqual([
      { runId: "rejected-bare", reason: "no correction" },
      { runId: "function", reason: "function agent (no model conversation)" },
    ]);
  });

  it("re-applies the secret patterns to what it writes", () => {
    const text = JSON.stringify(buildTrainingData(base("openai-sft")).lines);
    expect(text).not.toContain("sk-abcdefghijklmnopqrstuvwx1234");
    expect(text).toContain("[REDACTED]");
  });

  it("re-applies the charter's redacted fields, also inside tool call arguments", () => {
    const runs: ReviewedRun[] = [
      {
        run: runOf("r", [
          ...conversation("done").slice(0, 1),
          {
            role: "assistant",
            content: [
              {
                type: "tool-call",
                toolCallId: "c9",
                toolName: "reins_decide",
                input: { decision: "done", ssn: "123-45-6789" },
              },
            ],
          },
        ]),
        reviews: [review("r", "approved")],
      },
    ];
    const { lines } = buildTrainingData({
      ...base("openai-sft", runs),
      redact: createRedactor({ fields: ["ssn"] }),
    });
    expect(JSON.stringify(lines)).not.toContain("123-45-6789");
    for (const line of lines) expect(sftLine.safeParse(line).success).toBe(true);
  });

  it("openai-dpo: edited or rejected vs corrected, every line OpenAI's preference format", () => {
    const { lines, summary } = buildTrainingData(base("openai-dpo"));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(dpoLine.safeParse(line).error?.issues ?? []).toEqual([]);
    const first = lines[0] as z.infer<typeof dpoLine>;
    expect(JSON.parse(first.preferred_output[0]?.tool_calls?.[0]?.function.arguments ?? "")).toMatchObject({
      decision: "skipped",
    });
    expect(
      JSON.parse(first.non_preferred_output[0]?.tool_calls?.[0]?.function.arguments ?? ""),
    ).toMatchObject({
      decision: "done",
    });
    expect(summary.skipped.map((s) => s.reason)).toContain("approved (no preference pair)");
  });

  it("trl-preference: prompt / chosen / rejected, every line TRL's conversational format", () => {
    const { lines } = buildTrainingData(base("trl-preference"));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(trlLine.safeParse(line).error?.issues ?? []).toEqual([]);
    const first = lines[0] as z.infer<typeof trlLine>;
    expect(first.chosen[0]?.tool_calls?.[0]?.function.arguments).toMatchObject({ decision: "skipped" });
    expect(first.rejected[0]?.tool_calls?.[0]?.function.arguments).toMatchObject({ decision: "done" });
    expect(first.prompt.find((m) => m.role === "tool")).toMatchObject({ name: "record_step" });
  });

  it("reports runs whose input is an eval case's, and leaves them out when asked", () => {
    const evalCases = [
      { id: "case-2", input: { steps: 2 } },
      { id: "case-x", input: { steps: 99 } },
    ];
    const reported = buildTrainingData({ ...base("openai-sft"), evalCases });
    expect(reported.summary.overlapping).toEqual([{ runId: "edited", caseIds: ["case-2"] }]);
    expect(reported.lines).toHaveLength(3);
    const excluded = buildTrainingData({ ...base("openai-sft"), evalCases, excludeEvalOverlap: true });
    expect(excluded.lines).toHaveLength(2);
    expect(excluded.summary.overlapExcluded).toBe(true);
  });

  it("keeps only the concluding call of the last turn, so that no call is left unanswered before it", () => {
    const messages = conversation("done");
    const last = messages[3] as Extract<LoopMessage, { role: "assistant" }>;
    last.content.push({ type: "tool-call", toolCallId: "c3", toolName: "record_step", input: { step: 2 } });
    messages.push({
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "c3",
          toolName: "record_step",
          output: { type: "json", value: {} },
        },
      ],
    });
    const { lines } = buildTrainingData(
      base("openai-sft", [{ run: runOf("p", messages), reviews: [review("p", "approved")] }]),
    );
    const line = sftLine.parse(lines[0]);
    expect(line.messages.at(-1)).toMatchObject({ tool_calls: [{ id: "c2" }] });
  });
});

describe("buildTrainingData's opening message", () => {
  it("is rebuilt from the run's stored (redacted) input, so that a field the loop wrote as JSON text is redacted", () => {
    const messages = conversation("done");
    messages[0] = { role: "user", content: 'Input:\n{"steps":1,"ssn":"123-45-6789"}' };
    const runs = [
      { run: runOf("s", messages, { steps: 1, ssn: "[REDACTED]" }), reviews: [review("s", "approved")] },
    ];
    const { lines } = buildTrainingData({
      ...base("openai-sft", runs),
      redact: createRedactor({ fields: ["ssn"] }),
    });
    const line = sftLine.parse(lines[0]);
    expect(line.messages[1]).toEqual({
      role: "user",
      content: `Input:\n${JSON.stringify({ steps: 1, ssn: "[REDACTED]" }, null, 2)}`,
    });
    expect(JSON.stringify(lines)).not.toContain("123-45-6789");
  });
});
