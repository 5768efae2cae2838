import type { LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { checkValueLimits, documentLimits } from "../files/document-limits.js";
import type { AssistantPart, LoopMessage } from "./model-prompt.js";

/** A tool call the model made, with its input parsed from the JSON the provider returned. */
export interface ModelToolCall {
  toolCallId: string;
  toolName: string;
  /** The parsed input; the raw text when it is not valid JSON, so that the gate rejects it as invalid input. */
  input: unknown;
}

/** What one model answer means to the loop. */
export interface ModelAnswer {
  /** The text parts, concatenated. */
  text: string;
  /** Every tool call, offered or not, in the order the model made them: all of them go to the gate. */
  calls: ModelToolCall[];
  /** The model's own message to keep in the conversation; `null` when it said nothing. */
  message: LoopMessage | null;
  /** Token totals (0 when the provider does not report them). */
  usage: { inputTokens: number; outputTokens: number };
}

/** Parsed input of a tool call, or `invalid` with the raw text when it is not JSON (or not safe JSON). */
export type ToolInput = { valid: true; value: unknown } | { valid: false; value: string };

// The prototype-poisoning check of secure-json-parse, which the AI SDK applies to tool inputs. A copy of
// provider-utils' `secureJsonParse` (a test checks they agree): that package's one entry point also loads zod/v3 and
// an SSE parser, a cost at every start-up, and this synchronous path cannot load it lazily as the retries do.
const suspectProto =
  /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;
const suspectConstructor =
  /"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/;

/**
 * Parses a tool call's input as the AI SDK did: blank means `{}`; JSON that would set a prototype (`__proto__`, or
 * `constructor.prototype`) is refused like invalid JSON, and so is JSON nested deeper, or holding more values, than
 * a file Reins reads may (`documentLimits`).
 */
export function parseToolArguments(raw: string): ToolInput {
  if (raw.trim() === "") return { valid: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { valid: false, value: raw };
  }
  // Nesting past the limit of the files Reins reads is refused like invalid JSON: what handles the input afterwards
  // (the gate's schema, redaction, hashing) walks it, and 10,000 levels would overflow the stack. Text shorter than
  // two characters per level cannot nest that deep, so the usual small input is not walked.
  if (raw.length > 2 * documentLimits.maxDepth && checkValueLimits(value) !== undefined)
    return { valid: false, value: raw };
  if (
    typeof value === "object" &&
    value !== null &&
    (suspectProto.test(raw) || suspectConstructor.test(raw)) &&
    setsPrototype(value)
  )
    return { valid: false, value: raw };
  return { valid: true, value };
}

function setsPrototype(root: object): boolean {
  const own = (node: object, key: string) => Object.hasOwn(node, key);
  let next: object[] = [root];
  while (next.length > 0) {
    const nodes = next;
    next = [];
    for (const node of nodes) {
      if (own(node, "__proto__")) return true;
      const ctor = (node as { constructor?: unknown }).constructor;
      if (own(node, "constructor") && typeof ctor === "object" && ctor !== null && own(ctor, "prototype"))
        return true;
      for (const value of Object.values(node)) if (value && typeof value === "object") next.push(value);
    }
  }
  return false;
}

/**
 * Reads a provider's answer the way `generateText` did: every tool call is kept (a call to a tool that was not
 * offered, or with invalid input, is the gate's to deny), and the model's message keeps its text, reasoning, files and
 * tool calls with their provider metadata (reasoning signatures, item ids), which some providers need back.
 */
export function readModelAnswer(
  result: LanguageModelV3GenerateResult,
  offered: ReadonlySet<string>,
): ModelAnswer {
  const calls: ModelToolCall[] = [];
  const parts: AssistantPart[] = [];
  let text = "";
  for (const part of result.content) {
    const meta = part.providerMetadata === undefined ? {} : { providerOptions: part.providerMetadata };
    switch (part.type) {
      case "text":
        text += part.text;
        if (part.text !== "") parts.push({ type: "text", text: part.text, ...meta });
        break;
      case "reasoning":
        parts.push({ type: "reasoning", text: part.text, ...meta });
        break;
      case "file":
        parts.push({
          type: "file",
          data: typeof part.data === "string" ? part.data : Buffer.from(part.data).toString("base64"),
          mediaType: part.mediaType,
          ...meta,
        });
        break;
      case "tool-call": {
        const parsed = parseToolArguments(part.input);
        calls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: parsed.value });
        // What the provider gets back must be an object it can encode as arguments, as the AI SDK stored it.
        const invalid = !parsed.valid || !offered.has(part.toolName);
        parts.push({
          type: "tool-call",
          toolCallId: part.toolCallId,
          toolName: part.toolName,
          input: invalid && typeof parsed.value !== "object" ? {} : parsed.value,
          ...(part.providerExecuted === undefined ? {} : { providerExecuted: part.providerExecuted }),
          ...meta,
        });
        break;
      }
      default:
        // Sources, provider-executed tool results and approval requests: none come from the function tools Reins
        // offers.
        break;
    }
  }
  return {
    text,
    calls,
    message: parts.length > 0 ? { role: "assistant", content: parts } : null,
    usage: {
      inputTokens: result.usage.inputTokens.total ?? 0,
      outputTokens: result.usage.outputTokens.total ?? 0,
    },
  };
}
