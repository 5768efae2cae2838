// Issue 13, item 9: fast-check fuzzing of what a model says and what a tool returns, as the runtime parses them.
// A model reply is not the user's file: a bad one is never an error of the CLI, it is a call the gate denies. The
// property: whatever the model sends (any tool name, any argument text) and whatever a tool returns (any value, even
// one JSON cannot hold), the run ends with an outcome, every call has an audited verdict, the audit log verifies,
// and nothing escapes as a TypeError or RangeError. The corpus of past failures is replayed first.
import { inspect } from "node:util";
import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAuditLog } from "../../src/audit/audit-log.js";
import { verifyAudit } from "../../src/audit/verify-audit.js";
import { defineTool } from "../../src/contract/tool-card.js";
import { createToolRegistry } from "../../src/contract/tool-registry.js";
import { ReinsError } from "../../src/errors/reins-error.js";
import { charter, newWorld, registry } from "../../src/runtime/__fixtures__/crm-workflow.js";
import { modelAgent } from "../../src/runtime/agent.js";
import { parseToolArguments, readModelAnswer } from "../../src/runtime/model-answer.js";
import { runAgent } from "../../src/runtime/run-agent.js";
import { openMemoryStore } from "../../src/store/memory-store.js";
import { scriptedModel } from "../../src/testing/index.js";
import { corpus, expand, fcOptions, pending, ready } from "./fuzz-harness.js";

interface RawCall {
  toolName: string;
  arguments: string;
}

/**
 * A model that makes `calls` (their argument text sent verbatim, as a provider would pass it on), then decides.
 * Built on the scripted model, with each call's input replaced by the raw text after the script encoded it.
 */
function rawModel(calls: RawCall[]): LanguageModelV3 {
  const base = scriptedModel({
    steps: [
      {
        toolCalls: calls.map((_call, i) => ({
          toolName: "lookup",
          input: {},
          toolCallId: `c${i}`,
          unoffered: true,
        })),
      },
      { toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.9 } }] },
      // A run that goes on (e.g. after a denial the model is told about) gets the same decision again.
      { toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.9 } }] },
      { toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.9 } }] },
    ],
  });
  return {
    ...base,
    async doGenerate(options: LanguageModelV3CallOptions) {
      const result = await base.doGenerate(options);
      return {
        ...result,
        content: result.content.map((part) => {
          if (part.type !== "tool-call" || !/^c\d+$/.test(part.toolCallId)) return part;
          const raw = calls[Number(part.toolCallId.slice(1))] as RawCall;
          return { ...part, toolName: raw.toolName, input: raw.arguments };
        }),
      };
    },
  };
}

/** Runs the CRM charter with `model` (and `tools` in place of the fixture's, if given); checks the property. */
async function runAndCheck(what: string, model: LanguageModelV3, tools = registry) {
  const store = openMemoryStore();
  const audit = createAuditLog({ store });
  let result: Awaited<ReturnType<typeof runAgent>>;
  try {
    result = await runAgent({
      charter,
      registry: tools,
      agent: modelAgent(model),
      input: { leadId: "L-1", domain: "acme.com" },
      store,
      audit,
      env: newWorld(),
    });
  } catch (error) {
    // A Reins error (e.g. the scripted model's own "script exhausted") is an outcome the test can read; a
    // TypeError or RangeError from deep in the runtime is the finding this file looks for.
    if (ReinsError.isInstance(error)) return undefined;
    throw new Error(
      `${what}: the run threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
  const events = await store.audit.list(result.runId);
  const verdicts = new Set(
    events.filter((e) => e.type === "tool.verdict").map((e) => (e.data as { callId: string }).callId),
  );
  for (const call of result.toolCalls)
    expect(verdicts, `${what}: call ${call.callId} has no verdict`).toContain(call.callId);
  const verified = await verifyAudit(store);
  expect(verified.ok, `${what}: the audit log does not verify`).toBe(true);
  await store.close();
  return result;
}

const argumentsOf = (entry: (typeof corpus.modelReplies)[number]) =>
  typeof entry.arguments === "string" ? entry.arguments : expand(entry.arguments.repeat);

describe("model replies: the corpus of past failures", () => {
  it.each(ready(corpus.modelReplies).map((e) => [e.finding, e] as const))("%s", async (finding, entry) => {
    const raw = { toolName: entry.toolName, arguments: argumentsOf(entry) };
    // The parser alone: never throws, and anything that is not safe JSON stays raw (the gate denies it).
    const parsed = parseToolArguments(raw.arguments);
    if (!parsed.valid) expect(parsed.value).toBe(raw.arguments);
    const result = await runAndCheck(finding, rawModel([raw]));
    // The hostile call was not executed (lookup on a valid domain is the only call here that may run).
    if (result) {
      const call = result.toolCalls.find((c) => c.callId === "c0");
      if (call && call.status === "executed") expect(call.toolName).toBe("lookup");
    }
  });
  it.each(pending(corpus.modelReplies).map((e) => [e.finding, e.pendingFix] as const))(
    "pending: %s (until %s)",
    () => {},
  );
});

const toolNames = fc.oneof(
  fc.constantFrom(
    "lookup",
    "update_lead",
    "send_email",
    "delete_account",
    "export_customers",
    "reins_decide",
    "reins_escalate",
  ),
  fc.constantFrom(
    "",
    " lookup",
    "LOOKUP",
    "lookup\u0000",
    "\u001b[2J",
    "__proto__",
    "constructor",
    "a".repeat(500),
  ),
  fc.string({ maxLength: 20 }),
);
const argumentText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        domain: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 2 })),
        leadId: fc.string(),
        status: fc.string(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "",
    " ",
    "{",
    "null",
    "1e400",
    '{"domain": 1e400}',
    '{"__proto__": {"x": 1}}',
    '"\\ud800"',
    "[]",
  ),
  fc.string({ maxLength: 60 }),
);
const rawCall = fc.record({ toolName: toolNames, arguments: argumentText });

describe("model replies: generated", () => {
  it("parseToolArguments and readModelAnswer never throw, and keep every call", () => {
    fc.assert(
      fc.property(fc.array(rawCall, { maxLength: 5 }), fc.string({ maxLength: 40 }), (calls, text) => {
        for (const call of calls) {
          const parsed = parseToolArguments(call.arguments);
          if (parsed.valid) expect(() => JSON.stringify(parsed.value)).not.toThrow();
          else expect(parsed.value).toBe(call.arguments);
        }
        const answer = readModelAnswer(
          {
            content: [
              { type: "text", text },
              ...calls.map((c, i) => ({
                type: "tool-call" as const,
                toolCallId: `c${i}`,
                toolName: c.toolName,
                input: c.arguments,
              })),
            ],
            finishReason: { unified: "tool-calls", raw: undefined },
            usage: {
              inputTokens: {
                total: undefined,
                noCache: undefined,
                cacheRead: undefined,
                cacheWrite: undefined,
              },
              outputTokens: { total: undefined, text: undefined, reasoning: undefined },
            },
            warnings: [],
          },
          new Set(["lookup", "update_lead"]),
        );
        expect(answer.calls.map((c) => c.toolName)).toEqual(calls.map((c) => c.toolName));
      }),
      fcOptions(2000),
    );
  });

  it("a run survives any tool calls a model makes: an outcome, a verdict for each call, a verified audit log", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rawCall, { minLength: 1, maxLength: 4 }), async (calls) => {
        await runAndCheck(JSON.stringify(calls).slice(0, 300), rawModel(calls));
      }),
      fcOptions(120),
    );
  });

  it("a run survives any value a tool returns: checked against the output schema, stored, audited", async () => {
    // What a tool written in TypeScript can return: anything, including values JSON cannot hold.
    const cyclic = () => {
      const o: Record<string, unknown> = { owner: "ana" };
      o.self = o;
      return o;
    };
    const returned = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record(
        { owner: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 2 })), notes: fc.string() },
        { requiredKeys: [] },
      ),
      fc.constantFrom(
        undefined,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        -0,
        10n,
        new Date(Number.NaN),
        new Map([["a", 1]]),
        Symbol("s"),
        () => 1,
        "a".repeat(100_000),
      ),
      fc.constant(null).map(cyclic),
    );
    const strict = fc.boolean();
    await fc.assert(
      fc.asyncProperty(returned, strict, async (value, isStrict) => {
        const lookup = defineTool({
          name: "lookup",
          purpose: "Read an account by domain.",
          effect: "read",
          input: z.object({ domain: z.string().min(3) }),
          output: isStrict ? z.object({ owner: z.string() }) : z.unknown(),
          safeUse: ["Before deciding."],
          unsafeUse: ["With personal domains."],
          idempotent: true,
          execute: () => value,
        });
        const tools = createToolRegistry([
          lookup,
          ...registry
            .names()
            .filter((n) => n !== "lookup")
            .map((n) => registry.get(n)),
        ]);
        const model = scriptedModel({
          steps: [
            { toolCalls: [{ toolName: "lookup", input: { domain: "acme.com" }, toolCallId: "read" }] },
            { toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.9 } }] },
            { toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.9 } }] },
          ],
        });
        await runAndCheck(`lookup returned ${inspect(value, { depth: 2 }).slice(0, 200)}`, model, tools);
      }),
      fcOptions(150),
    );
  });
});
