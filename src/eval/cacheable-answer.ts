import type { LanguageModelV3Content } from "@ai-sdk/provider";
import { createKeptRedactor } from "../audit/redact.js";

/**
 * Whether a model answer holds nothing that redaction would hide: no field the charter redacts (in a tool call's
 * arguments, at any depth), no field named like a secret, no string a secret pattern matches. The model cache keeps
 * only such answers; a redacted copy could not be replayed (the tool would run on `[REDACTED]`), so an answer with a
 * secret is simply asked again.
 */
export function holdsNothingRedacted(
  fields: readonly string[],
): (content: readonly LanguageModelV3Content[]) => boolean {
  const redact = createKeptRedactor({ fields: [...fields] });
  return (content) =>
    content.every((part) => {
      const seen = part.type === "tool-call" ? parsedArguments(part.input) : part;
      return redact(seen) === seen;
    });
}

/** A tool call's arguments as the tool gets them: JSON text parsed, so that field names are seen as fields. */
function parsedArguments(input: string): unknown {
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}
