const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for XML and HTML, in element content and in quoted attributes alike. Characters XML 1.0 forbids
 * even when escaped (control characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, so that any user text
 * stays well-formed.
 */
export function escapeMarkup(text: string): string {
  // Nearly all report text has nothing to escape: return it as is rather than rebuild it one character at a time.
  if (isPlain(text)) return text;
  let out = "";
  // Iterating a string yields code points: a lone surrogate comes out on its own.
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out += entities[char] ?? (allowedInXml(code) ? char : "\ufffd");
  }
  return out;
}

/** No special character, and nothing {@link allowedInXml} might refuse (every surrogate takes the slow path). */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20) {
      if (code !== 0x09 && code !== 0x0a && code !== 0x0d) return false;
    } else if (code === 0x26 || code === 0x3c || code === 0x3e || code === 0x22 || code === 0x27) {
      return false;
    } else if (code >= 0xd800 && (code <= 0xdfff || code >= 0xfffe)) {
      return false;
    }
  }
  return true;
}

function allowedInXml(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0xfffe && code !== 0xffff;
}
