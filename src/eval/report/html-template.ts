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
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeMarkup(String(value));
}
