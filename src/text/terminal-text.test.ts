import { describe, expect, it } from "vitest";
import { styledTerminalText, terminalText } from "./terminal-text.js";

describe("terminalText", () => {
  it("makes escape sequences, carriage returns and bidi overrides visible, and keeps newline and tab", () => {
    expect(terminalText("a\u001b]0;pwned\u0007\u001b[2Jb")).toBe("a\\u001b]0;pwned\\u0007\\u001b[2Jb");
    expect(terminalText("ok\rFAKE")).toBe("ok\\u000dFAKE");
    expect(terminalText("x\u202ey")).toBe("x\\u202ey");
    expect(terminalText("\u009b31m")).toBe("\\u009b31m");
    expect(terminalText("line 1\n\tline 2")).toBe("line 1\n\tline 2");
    expect(terminalText("café ✓ 中文")).toBe("café ✓ 中文");
  });

  it("escapes even the styles Reins uses, so untrusted text cannot paint itself green", () => {
    expect(terminalText("\u001b[32m✓ passed\u001b[0m")).toBe("\\u001b[32m✓ passed\\u001b[0m");
  });
});

describe("styledTerminalText", () => {
  it("keeps bold, red, green and reset, and escapes every other sequence", () => {
    expect(styledTerminalText("\u001b[1m\u001b[31m✗\u001b[0m \u001b[32m✓\u001b[0m")).toBe(
      "\u001b[1m\u001b[31m✗\u001b[0m \u001b[32m✓\u001b[0m",
    );
    expect(styledTerminalText("\u001b[8mhidden\u001b[2J")).toBe("\\u001b[8mhidden\\u001b[2J");
  });

  it("leaves an already escaped untrusted part as it is", () => {
    const untrusted = terminalText("\u001b[32mfake");
    expect(styledTerminalText(`\u001b[31m${untrusted}\u001b[0m`)).toBe(`\u001b[31m\\u001b[32mfake\u001b[0m`);
  });
});
