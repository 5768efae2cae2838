import { escapeMarkup } from "./escape-markup.js";

/** Markup that is already safe: the result of `html`, never user text. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/**
 * A tagged template that escapes every interpolated value unless it is `SafeHtml` (the result of another `html`).
 * Arrays are joined; `null`, `undefined` and `false` render as nothing. User text can only ever end up as text.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (typeof value === "string") return escapeMarkup(value);
  if (value instanceof SafeHtml) return value.value;
  // A number's text has nothing to escape.
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) {
    let out = "";
    for (const item of value) out += render(item);
    return out;
  }
  if (value === null || value === undefined || value === false) return "";
  return escapeMarkup(String(value));
}
