import { z } from "zod";
import { type AnyToolCard, defineTool, ToolFailure } from "../contract/tool-card.js";
import { createToolRegistry, type ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { ValidationError } from "../errors/validation-error.js";
import { canonicalJson } from "../hash/canonical-hash.js";
import { type CardEntry, type CardsFile, unknownCardIssues } from "./cards-file.js";
import type { Upstream, UpstreamTool } from "./upstream.js";

/** The card of a tool the cards file says nothing about: the most guarded kind, a non-idempotent action. */
const uncarded: CardEntry = {
  effect: "action",
  idempotent: false,
  external: false,
  protectedFields: [],
  timeoutMs: 30_000,
  failureModes: [],
};

/** What becomes of the upstream's tools. */
export interface UpstreamCards {
  registry: ToolRegistry;
  /** Names listed by the upstream that have no card: why each was left out (a call of one is denied as unknown). */
  skipped: { name: string; reason: string }[];
  /** Tools with a card but no entry in the cards file (guarded as non-idempotent actions). */
  uncarded: string[];
  /** Each card's upstream tool, as listed, by name. */
  listed: ReadonlyMap<string, UpstreamTool>;
}

export interface UpstreamCardsOptions {
  upstream: Upstream;
  cards: CardsFile | undefined;
  /** The largest result passed on, as JSON text in bytes: a bigger one is abnormal data, blocked. */
  maxResultBytes: number;
}

/**
 * Turns the upstream's tools into tool cards: the name and input schema from the upstream's list (as zod, so that a
 * protected field or a policy's field is checked against it), the contract from the cards file. A card entry for a
 * tool the upstream does not offer is a located error. Executing a card calls the upstream; its result must be an
 * MCP tool result of known content blocks under the size limit, else it is abnormal data, blocked by the gate.
 */
export function upstreamCards(options: UpstreamCardsOptions): UpstreamCards {
  const { upstream, cards } = options;
  const offered = upstream.tools.map((tool) => tool.name);
  if (cards) {
    const issues = unknownCardIssues(cards, offered);
    if (issues.length > 0)
      throw new ValidationError({
        code: ErrorCode.McpCardsInvalid,
        issues,
        hint: "name only tools the upstream MCP server lists, or remove the entry",
      });
  }
  const skipped: UpstreamCards["skipped"] = [];
  const made: AnyToolCard[] = [];
  const uncardedNames: string[] = [];
  const listed = new Map<string, UpstreamTool>();
  const output = resultSchema(options.maxResultBytes);
  for (const tool of upstream.tools) {
    if (listed.has(tool.name)) {
      skipped.push({ name: tool.name, reason: "the upstream lists it twice" });
      continue;
    }
    const entry = cards?.tools.get(tool.name);
    if (entry === undefined) uncardedNames.push(tool.name);
    const input = inputSchema(tool);
    if (!input.ok) {
      skipped.push({ name: tool.name, reason: input.reason });
      continue;
    }
    try {
      made.push(cardFor(tool, entry ?? uncarded, input.schema, output, upstream));
      listed.set(tool.name, tool);
    } catch (error) {
      // A cards file's own problems (a protected field the input lacks) are the user's to fix, located.
      if (entry !== undefined && error instanceof ValidationError && cards !== undefined) {
        throw new ValidationError({
          code: ErrorCode.McpCardsInvalid,
          issues: error.issues.map((issue) => ({
            ...cards.locate(tool.name),
            message: `${issue.path ? `${issue.path}: ` : ""}${issue.message}`,
          })),
        });
      }
      skipped.push({ name: tool.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return {
    registry: createToolRegistry(made, "upstream MCP server"),
    skipped,
    uncarded: uncardedNames.filter((name) => listed.has(name)),
    listed,
  };
}

function cardFor(
  tool: UpstreamTool,
  entry: CardEntry,
  input: z.ZodType,
  output: z.ZodType,
  upstream: Upstream,
): AnyToolCard {
  const purpose =
    entry.purpose ?? (tool.description?.trim() || tool.title?.trim() || `upstream MCP tool ${tool.name}`);
  return defineTool({
    name: tool.name,
    purpose,
    effect: entry.effect,
    input,
    output,
    safeUse: entry.safeUse ?? ["when the client's task calls for it, as the upstream describes the tool"],
    unsafeUse: entry.unsafeUse ?? ["outside what the charter allows"],
    failureModes: entry.failureModes,
    timeoutMs: entry.timeoutMs,
    ...(entry.retries === undefined ? {} : { retries: entry.retries }),
    idempotent: entry.idempotent ?? entry.effect === "read",
    external: entry.external,
    protectedFields: entry.protectedFields,
    async execute(args, context) {
      const result = (await upstream.call(tool.name, args, {
        timeoutMs: entry.timeoutMs,
        signal: context.signal,
      })) as { isError?: unknown; content?: unknown };
      // The upstream's own error result is the tool failing: the card's failure modes decide what follows.
      if (result?.isError === true)
        throw new ToolFailure("error", `the upstream tool answered an error: ${resultText(result)}`);
      return result;
    },
  });
}

/** The upstream's JSON Schema as zod; one zod cannot read leaves the tool out, with the reason. */
function inputSchema(tool: UpstreamTool): { ok: true; schema: z.ZodType } | { ok: false; reason: string } {
  try {
    return { ok: true, schema: z.fromJSONSchema(tool.inputSchema as Parameters<typeof z.fromJSONSchema>[0]) };
  } catch (error) {
    return {
      ok: false,
      reason: `its input schema cannot be checked: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

const contentBlock = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({ type: z.literal("image"), data: z.string(), mimeType: z.string() }),
  z.looseObject({ type: z.literal("audio"), data: z.string(), mimeType: z.string() }),
  z.looseObject({ type: z.literal("resource_link"), uri: z.string(), name: z.string() }),
  z.looseObject({ type: z.literal("resource"), resource: z.looseObject({ uri: z.string() }) }),
]);

/**
 * What a proxied tool may answer: an MCP tool result of known content blocks (and structured content), as JSON text
 * no bigger than `maxBytes`. Only `content` and `structuredContent` are kept and passed on.
 */
export function resultSchema(maxBytes: number) {
  return z
    .object({
      content: z.array(contentBlock).max(10_000),
      structuredContent: z.record(z.string(), z.unknown()).optional(),
    })
    .superRefine((result, ctx) => {
      const bytes = Buffer.byteLength(canonicalJson(result));
      if (bytes > maxBytes)
        ctx.addIssue({
          code: "custom",
          message: `the result is ${bytes} bytes of JSON, over the proxy's limit of ${maxBytes} (--max-result-bytes)`,
        });
    });
}

/** The text blocks of a result, joined and cut short: what an error result says. */
function resultText(result: { content?: unknown }): string {
  const blocks = Array.isArray(result.content) ? result.content : [];
  const text = blocks
    .map((block) => (typeof block?.text === "string" ? block.text : ""))
    .filter((t) => t !== "")
    .join(" ");
  return text.length > 500 ? `${text.slice(0, 500)}…` : text || "(no text)";
}
