import type { AnyToolCard } from "./tool-card.js";

/** A call's input checked against its card's input schema: the parsed value, or what is wrong with it. */
export type InputCheck =
  | { ok: true; value: unknown }
  | {
      ok: false;
      /** One line per problem, `field: message`. */
      problems: string[];
      /** The first bad field, when the problem is in a field. */
      field?: string;
    };

/** Parses `input` with the card's input schema (a fresh value every time: transforms and defaults run again). */
export function checkToolInput(card: AnyToolCard, input: unknown): InputCheck {
  const result = card.input.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.join(".");
    return `${path === "" ? "(input)" : path}: ${issue.message}`;
  });
  const field = result.error.issues[0]?.path.join(".") ?? "";
  return field === "" ? { ok: false, problems } : { ok: false, problems, field };
}
