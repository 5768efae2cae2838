import { describe, expect, it } from "vitest";
import { plainData } from "./plain-data.js";

describe("plainData", () => {
  it("copies JSON data, reading each property once and ignoring toJSON", () => {
    let reads = 0;
    const input = {
      get owner() {
        reads++;
        return reads === 1 ? "ana" : "mallory";
      },
      toJSON: undefined,
      items: ["a", { b: 1 }],
      skipped: undefined,
    };
    const hidden = Object.assign(Object.create(null), { toJSON: () => ({}) });
    expect(plainData(input)).toEqual({ ok: true, value: { owner: "ana", items: ["a", { b: 1 }] } });
    expect(reads).toBe(1);
    expect(plainData({ x: { a: 1 }, y: hidden }).ok).toBe(false);
  });

  it("keeps a key named __proto__ as an own property, not a prototype", () => {
    const parsed = JSON.parse('{"__proto__": {"admin": true}, "constructor": 1}');
    const copied = plainData(parsed);
    if (!copied.ok) throw new Error(copied.problem);
    const value = copied.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "constructor"]);
    expect((value as { admin?: unknown }).admin).toBeUndefined();
  });

  it("refuses what is not JSON data, naming where", () => {
    expect(plainData({ when: new Date(0) })).toEqual({
      ok: false,
      problem: "(input).when is a Date, not plain data",
    });
    expect(plainData({ n: Number.NaN })).toEqual({
      ok: false,
      problem: "(input).n is NaN, not a JSON number",
    });
    expect(plainData({ f: () => 1 })).toEqual({
      ok: false,
      problem: "(input).f is a function, not JSON data",
    });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(plainData(cycle)).toEqual({ ok: false, problem: "(input).self refers back to itself" });
    const throwing = {
      get boom(): never {
        throw new Error("nope");
      },
    };
    expect(plainData(throwing)).toEqual({ ok: false, problem: "reading it failed: nope" });
  });
});
