import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "../errors/validation-error.js";
import { defineTool } from "./tool-card.js";
import { createToolRegistry } from "./tool-registry.js";

const card = (overrides: Record<string, unknown> = {}) =>
  defineTool({
    name: "lookup",
    purpose: "Read an account.",
    effect: "read",
    input: z.object({ domain: z.string() }),
    output: z.object({ owner: z.string() }),
    safeUse: ["Before deciding."],
    unsafeUse: ["With personal domains."],
    idempotent: true,
    execute: () => ({ owner: "ana" }),
    ...overrides,
  } as Parameters<typeof defineTool>[0]);

const messages = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("expected a ValidationError");
};

describe("defineTool", () => {
  it("fills defaults: 10 s timeout, one retry for reads, none for non-idempotent actions", () => {
    const read = card();
    expect({
      timeoutMs: read.timeoutMs,
      retries: read.retries,
      external: read.external,
      fallback: read.fallback,
    }).toEqual({
      timeoutMs: 10_000,
      retries: 1,
      external: false,
      fallback: undefined,
    });
    expect(card({ effect: "action", idempotent: false }).retries).toBe(0);
    expect(Object.isFrozen(read)).toBe(true);
  });

  it("names every bad field", () => {
    expect(
      messages(() => card({ name: "has space", purpose: " ", effect: "write", safeUse: [], timeoutMs: -1 })),
    ).toEqual([
      "name: must start with a letter and use only letters, digits, _ or - (max 64)",
      "purpose: must say what the tool is for",
      'effect: Invalid option: expected one of "read"|"draft"|"action"',
      "safeUse: must list at least one safe use",
      "timeoutMs: Too small: expected number to be >0",
    ]);
  });

  it("rejects a fallback to itself and a fallback response without a fallback tool", () => {
    expect(messages(() => card({ fallback: "lookup" }))).toEqual([
      "fallback: names the tool itself; name another tool",
    ]);
    expect(messages(() => card({ failureModes: [{ when: "timeout", response: "fallback" }] }))).toEqual([
      "failureModes: a failure mode answers `fallback` but the card has no `fallback` tool; add one or use another response",
    ]);
  });
});

describe("createToolRegistry", () => {
  it("resolves names", () => {
    const registry = createToolRegistry([card(), card({ name: "backup" })]);
    expect(registry.names()).toEqual(["lookup", "backup"]);
    expect(registry.get("backup")?.name).toBe("backup");
    expect(registry.has("nope")).toBe(false);
  });

  it("rejects a fallback naming an unknown tool, and says which tools exist", () => {
    expect(messages(() => createToolRegistry([card({ fallback: "lookup_cache" })]))).toEqual([
      'lookup.fallback: names unknown tool "lookup_cache"; register it or fix the name (known: lookup)',
    ]);
  });

  it("rejects duplicates, non-cards and fallback cycles", () => {
    expect(
      messages(() =>
        createToolRegistry([
          card({ name: "a", fallback: "b" }),
          card({ name: "b", fallback: "a" }),
          card({ name: "a" }),
          { name: "x" },
        ]),
      ),
    ).toEqual([
      'a: tool "a" is defined twice; names must be unique',
      "[3]: is not a tool card (create it with defineTool)",
      "a.fallback: forms a cycle: a → b → a",
      "b.fallback: forms a cycle: b → a → b",
    ]);
  });
});
