import { describe, expect, it } from "vitest";
import { escapeMarkup } from "./escape-markup.js";

describe("escapeMarkup", () => {
  it("returns text with nothing to escape as it is, tabs, newlines and astral characters included", () => {
    expect(escapeMarkup("plain text, é, \t\n\r, \ud83d\ude00")).toBe("plain text, é, \t\n\r, \ud83d\ude00");
  });

  it("escapes the five special characters", () => {
    expect(escapeMarkup(`a&b<c>d"e'f`)).toBe("a&amp;b&lt;c&gt;d&quot;e&#39;f");
  });

  it("replaces what XML forbids with U+FFFD: control characters, lone surrogates, U+FFFE and U+FFFF", () => {
    expect(escapeMarkup("\u0000\u0008\u000b\u000c\u001f|\ud800|\udc00|\ufffe\uffff|\ud83d\ude00&")).toBe(
      "\ufffd\ufffd\ufffd\ufffd\ufffd|\ufffd|\ufffd|\ufffd\ufffd|\ud83d\ude00&amp;",
    );
  });
});
