import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors/validation-error.js";
import { parseCardsFile, unknownCardIssues } from "./cards-file.js";

const issuesOf = (text: string, file = "cards.yaml") => {
  try {
    parseCardsFile(text, file);
  } catch (error) {
    if (error instanceof ValidationError)
      return error.issues.map((i) => `${i.line}:${i.column} ${i.path ?? "(file)"}: ${i.message}`);
    throw error;
  }
  return [];
};

describe("parseCardsFile", () => {
  it("reads each tool's entry with its defaults", () => {
    const cards = parseCardsFile(
      "kind: reins.mcp-cards\nversion: 1\ntools:\n  send_email:\n    effect: action\n    external: true\n",
      "cards.yaml",
    );
    expect(cards.tools.get("send_email")).toEqual({
      effect: "action",
      external: true,
      protectedFields: [],
      timeoutMs: 30_000,
      failureModes: [],
    });
  });

  it("locates every problem: an unknown field, a bad effect, a wrong kind", () => {
    expect(
      issuesOf("kind: reins.cards\nversion: 1\ntools:\n  a:\n    effect: write\n    timeout: 5\n"),
    ).toEqual([
      '1:7 kind: must be one of "reins.mcp-cards", got "reins.cards"',
      '5:13 tools.a.effect: must be one of "read", "draft", "action", got "write"',
      "6:5 tools.a.timeout: is not a known field (check the spelling or remove it)",
    ]);
  });

  it("reads a .json file as JSON", () => {
    const cards = parseCardsFile(
      '{"kind":"reins.mcp-cards","version":1,"tools":{"x":{"effect":"read"}}}',
      "c.json",
    );
    expect([...cards.tools.keys()]).toEqual(["x"]);
    expect(issuesOf('{"kind": "reins.mcp-cards",', "c.json")[0]).toMatch(/^1:\d+ \(file\): .*JSON/);
  });

  it("names a card for a tool the upstream does not offer, at its key, with a suggestion", () => {
    const cards = parseCardsFile(
      "kind: reins.mcp-cards\nversion: 1\ntools:\n  lookup_ordr:\n    effect: read\n",
      "cards.yaml",
    );
    expect(unknownCardIssues(cards, ["lookup_order", "refund_order"])).toEqual([
      {
        file: "cards.yaml",
        line: 4,
        column: 3,
        path: "tools.lookup_ordr",
        message:
          'the upstream MCP server offers no tool "lookup_ordr" (did you mean lookup_order?) (it offers: lookup_order, refund_order)',
      },
    ]);
  });
});
