/**
 * Text for a terminal. Models, tools, case files and stored rows are untrusted, and a terminal obeys escape
 * sequences: `\e]0;…\a` retitles the window, `\e[2J` clears it, `\r` overwrites a line, a bidi override reorders
 * what is read. Every such character becomes visible (`\u001b`), except newline and tab.
 */
const controlOrSgr =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /(\u001b\[(?:0|1|31|32)m)|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const visible = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Escapes every control character of `text` (newline and tab kept). */
export function terminalText(text: string): string {
  return text.replace(controlOrSgr, (match) =>
    match.length === 1 ? visible(match) : visible("\u001b") + match.slice(1),
  );
}

/**
 * For a line Reins styled itself: the styles Reins uses (bold, red, green, reset) pass, everything else is escaped as
 * by `terminalText`. The untrusted parts of such a line must already have gone through `terminalText`, so that a
 * model cannot paint a failure green.
 */
export function styledTerminalText(text: string): string {
  return text.replace(controlOrSgr, (match) => (match.length === 1 ? visible(match) : match));
}
