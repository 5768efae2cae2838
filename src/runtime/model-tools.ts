import type { JSONSchema7, LanguageModelV3FunctionTool } from "@ai-sdk/provider";
import { z } from "zod";
import type { Charter } from "../charter/charter.js";
import type { AnyToolCard } from "../contract/tool-card.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { restorePatterns } from "../schema/field-schema.js";

/** The reserved tools a model ends its run with. They never reach the gate: they are the run's conclusion. */
export const controlTools = {
  decide: "reins_decide",
  escalate: "reins_escalate",
  ask: "reins_ask",
  refuse: "reins_refuse",
} as const;
export const controlToolNames: readonly string[] = Object.values(controlTools);

type JsonObject = Record<string, unknown>;

type ModelTools = readonly LanguageModelV3FunctionTool[];

/**
 * Built once per charter and registry (both frozen): a memo of a pure function of immutable values, kept because
 * building the list per run showed in a latency-bound evaluation's profile (BENCHMARKS.md).
 */
const built = new WeakMap<Charter, WeakMap<ToolRegistry, ModelTools>>();

/**
 * The tools offered to the model, as the provider takes them: the charter's allowed tools (JSON Schemas from their
 * cards, not validated before the gate, so that every argument reaches the gate as the model wrote it), plus the
 * control tools. Action tools take two extra arguments, `confidence` and `basedOn`, which Reins strips before the gate.
 * The list is shared by every run of the charter: frozen, never to be changed.
 */
export function buildModelTools(charter: Charter, registry: ToolRegistry): ModelTools {
  let byRegistry = built.get(charter);
  if (!byRegistry) {
    byRegistry = new WeakMap();
    built.set(charter, byRegistry);
  }
  let tools = byRegistry.get(registry);
  if (!tools) {
    tools = Object.freeze(toolsOf(charter, registry));
    byRegistry.set(registry, tools);
  }
  return tools;
}

function toolsOf(charter: Charter, registry: ToolRegistry): LanguageModelV3FunctionTool[] {
  const tools: LanguageModelV3FunctionTool[] = [];
  for (const name of charter.tools.allowed) {
    const card = registry.get(name);
    if (card) tools.push(functionTool(name, describeCard(card), cardInputSchema(card)));
  }
  const reasons = [...charter.escalation.map((e) => e.reason), "other"];
  tools.push(
    functionTool(
      controlTools.decide,
      `Finish with your decision (${charter.decision.options.join(" | ")}), its fields, your confidence (0-1) and a short rationale.`,
      toJson(charter.decision.schema),
    ),
    functionTool(
      controlTools.escalate,
      `Finish by handing the case to a human. Reasons: ${charter.escalation.map((e) => `${e.reason} (${e.when})`).join("; ") || "other"}.`,
      {
        type: "object",
        properties: {
          reason: { type: "string", enum: reasons },
          evidence: {
            type: "string",
            description: "What you saw that requires a human: the records, values or conflict.",
          },
          recommendation: { type: "string", description: "What you recommend the human do." },
        },
        required: ["reason", "evidence"],
      },
    ),
    functionTool(
      controlTools.ask,
      "Finish by asking for input that is missing: name the exact fields and ask one clear question.",
      {
        type: "object",
        properties: { fields: { type: "array", items: { type: "string" } }, question: { type: "string" } },
        required: ["fields", "question"],
      },
    ),
    functionTool(
      controlTools.refuse,
      "Finish by refusing: the request is outside the charter or against policy. Say why.",
      { type: "object", properties: { reason: { type: "string" } }, required: ["reason"] },
    ),
  );
  return tools;
}

function functionTool(
  name: string,
  description: string,
  inputSchema: JsonObject,
): LanguageModelV3FunctionTool {
  return { type: "function", name, description, inputSchema: inputSchema as JSONSchema7 };
}

/** How a card describes its tool to a model. */
export function describeCard(card: AnyToolCard): string {
  const parts = [
    card.purpose,
    `Use when: ${card.safeUse.join("; ")}.`,
    `Never: ${card.unsafeUse.join("; ")}.`,
  ];
  if (card.effect === "action")
    parts.push(
      "This is an action: pass your `confidence` (0-1) and, if it rests on remembered facts, their keys in `basedOn`.",
    );
  if (card.external) parts.push("It communicates outside the company and always needs human approval.");
  return parts.join(" ");
}

/** A card's input as the JSON Schema offered to a model: an action's gets `confidence` and `basedOn`. */
export function cardInputSchema(card: AnyToolCard): JsonObject {
  const schema = toJson(card.input);
  if (card.effect !== "action" || schema.type !== "object") return schema;
  const properties = (schema.properties as JsonObject | undefined) ?? {};
  return {
    ...schema,
    properties: {
      ...properties,
      confidence: {
        type: "number",
        minimum: 0,
        maximum: 1,
        description: "Your confidence that this action is right.",
      },
      basedOn: {
        type: "array",
        items: { type: "string" },
        description: "Keys of remembered facts this action rests on.",
      },
    },
  };
}

function toJson(schema: z.ZodType): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: restorePatterns,
  }) as JsonObject;
  return rest;
}

/** Splits the reserved `confidence` and `basedOn` arguments off an action's input. */
export function splitActionArguments(input: unknown): {
  input: unknown;
  confidence?: number;
  basedOn?: string[];
} {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { input };
  const { confidence, basedOn, ...rest } = input as JsonObject;
  return {
    input: rest,
    ...(typeof confidence === "number" ? { confidence } : {}),
    ...(Array.isArray(basedOn) ? { basedOn: basedOn.map(String) } : {}),
  };
}
