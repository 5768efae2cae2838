import { z } from "zod";
import { effectClasses, failureResponses } from "../contract/tool-card.js";
import { ErrorCode } from "../errors/codes.js";
import { didYouMean } from "../errors/did-you-mean.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import {
  type LocatedDocument,
  locateZodIssues,
  parseJsonDocument,
  parseLocatedDocument,
} from "../files/located-document.js";
import { readUserFile } from "../files/read-user-file.js";

/**
 * What a cards file says about one upstream MCP tool: the parts of a tool card an MCP server does not declare. Its
 * name and input schema come from the upstream's tool list; its output is the MCP tool result.
 */
const cardEntry = z.strictObject({
  /** `read` | `draft` | `action`; action tools are gated by autonomy. */
  effect: z.enum(effectClasses),
  /** What the tool is for; default the upstream's description. */
  purpose: z.string().trim().min(1).optional(),
  /** Calling twice with the same input has the effect of calling once. Default true for reads, false otherwise. */
  idempotent: z.boolean().optional(),
  /** Sends something outside the organisation: always needs a human's approval. */
  external: z.boolean().default(false),
  /** Input fields whose setting needs approval (dotted paths into the upstream's input schema). */
  protectedFields: z.array(z.string().min(1)).default([]),
  /** Milliseconds before a call is abandoned. */
  timeoutMs: z.number().int().positive().max(3_600_000).default(30_000),
  retries: z.number().int().min(0).max(10).optional(),
  failureModes: z
    .array(
      z.strictObject({
        when: z.string().min(1),
        response: z.enum(failureResponses),
        note: z.string().optional(),
      }),
    )
    .default([]),
  safeUse: z.array(z.string().min(1)).optional(),
  unsafeUse: z.array(z.string().min(1)).optional(),
});

/** A cards file: `kind: reins.mcp-cards`, `version: 1`, and an entry per upstream tool name. */
export const cardsFileFormat = z.strictObject({
  kind: z.literal("reins.mcp-cards"),
  version: z.literal(1),
  tools: z.record(z.string(), cardEntry).default({}),
});

export type CardEntry = z.output<typeof cardEntry>;

/** A parsed cards file, with what is needed to locate a problem found later (a tool the upstream lacks). */
export interface CardsFile {
  file: string;
  tools: ReadonlyMap<string, CardEntry>;
  /** The location of a tool's entry (its key), for issues found against the upstream. */
  locate(toolName: string): Omit<ValidationIssue, "message">;
}

/** Parses a cards file's text (`.json` as JSON, anything else as YAML); every problem is located. */
export function parseCardsFile(text: string, file: string): CardsFile {
  const doc: LocatedDocument = file.endsWith(".json")
    ? parseJsonDocument(text, file)
    : parseLocatedDocument(text, file);
  const parsed = cardsFileFormat.safeParse(doc.value, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError({
      code: ErrorCode.McpCardsInvalid,
      issues: locateZodIssues(parsed.error.issues, doc),
      hint: "see docs/integrations/mcp.md for the cards file format",
    });
  }
  return {
    file,
    tools: new Map(Object.entries(parsed.data.tools)),
    locate: (toolName) => ({
      ...doc.locate(["tools", toolName], { atKey: true }),
      path: `tools.${toolName}`,
    }),
  };
}

export async function loadCardsFile(path: string): Promise<CardsFile> {
  const text = await readUserFile(path, { what: "cards file", hint: "check the path given to --cards" });
  return parseCardsFile(text, path);
}

/** Each tool a cards file names must be one the upstream offers, or its card would apply to nothing. */
export function unknownCardIssues(cards: CardsFile, offered: readonly string[]): ValidationIssue[] {
  return [...cards.tools.keys()]
    .filter((name) => !offered.includes(name))
    .map((name) => ({
      ...cards.locate(name),
      message: `the upstream MCP server offers no tool "${name}"${didYouMean(name, offered)} (it offers: ${offered.join(", ") || "none"})`,
    }));
}
