import { describe, expect, it } from "vitest";
import { toolHints } from "./annotations.js";

describe("toolHints", () => {
  it("derives the MCP annotations from the card's effect class, idempotency and external flag", () => {
    expect(toolHints({ effect: "read", idempotent: false, external: false })).toEqual({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(toolHints({ effect: "draft", idempotent: false, external: false })).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    });
    expect(toolHints({ effect: "action", idempotent: true, external: false })).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(toolHints({ effect: "action", idempotent: false, external: true })).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    });
  });
});
