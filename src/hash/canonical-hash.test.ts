import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashJson, hashLargeJson } from "./canonical-hash.js";

// The RFC 8785 reference implementation, to check ours against.
const canonicalize = createRequire(import.meta.url)("canonicalize") as (value: unknown) => string | undefined;

/** Random JSON-ish values: nested objects and arrays, unicode and escaped keys, awkward numbers. */
function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 8));
  const keys = ["a", "b", "B", "é", "€", "\u{1F600}", "\u0000", '"q"', "10", "2", "aa", "", "z\n"];
  const numbers = [0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1e-7, 123456789012345680000, 5e-324, 2 ** 53];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return numbers[Math.floor(next() * numbers.length)];
    case 3:
      return keys[Math.floor(next() * keys.length)];
    case 4:
      return undefined;
    case 5:
      return `text ${Math.floor(next() * 1000)} \u2028 \ud800`;
    case 6:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      const size = Math.floor(next() * 20);
      for (let i = 0; i < size; i++)
        out[`${keys[Math.floor(next() * keys.length)]}${i % 3 === 0 ? i : ""}`] = randomValue(
          next,
          depth + 1,
        );
      return out;
    }
  }
}

/** A small seeded generator of numbers in [0, 1), so that the random values are the same on every run. */
function seeded(start: number): () => number {
  let seed = start;
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe("canonicalJson", () => {
  it("writes exactly what the RFC 8785 reference implementation writes", () => {
    const next = seeded(42);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(next, 0);
      expect(canonicalJson(value)).toBe(canonicalize(value === undefined ? null : value) ?? "null");
    }
  });

  it("sorts keys by UTF-16 code units and drops undefined fields", () => {
    expect(canonicalJson({ b: 1, a: [1, undefined, { d: 2, c: 3 }], u: undefined, é: "x", Z: true })).toBe(
      '{"Z":true,"a":[1,null,{"c":3,"d":2}],"b":1,"é":"x"}',
    );
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson({ at: new Date("2026-01-02T03:04:05.000Z") })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z"}',
    );
    expect(canonicalJson(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${29 - i}`, i])))).toBe(
      canonicalize(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${29 - i}`, i]))),
    );
  });

  it("refuses numbers JSON cannot hold", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow("NaN is not allowed");
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow("Infinity is not allowed");
  });

  it("hashes equal data equally, whatever the key order", () => {
    expect(hashJson({ b: 1, a: { d: 2, c: 3 } })).toBe(hashJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(hashJson({ a: 1 })).toBe("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
  });
});

describe("hashLargeJson", () => {
  it("gives hashJson's hash for every value, fed in pieces", () => {
    const next = seeded(7);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(next, 0);
      expect(hashLargeJson(value)).toBe(hashJson(value));
    }
    const holes = [1, 2, 3];
    delete holes[1]; // a hole, skipped as hashJson skips it
    const dataset = {
      cases: Array.from({ length: 500 }, (_, i) => ({
        id: `c${i}`,
        at: new Date(i),
        input: { n: i, u: undefined },
      })),
      redteam: [holes, undefined, { toJSON: () => ({ b: 1, a: 2 }) }],
      skipped: undefined,
    };
    expect(hashLargeJson(dataset)).toBe(hashJson(dataset));
    expect(hashLargeJson(undefined)).toBe(hashJson(null));
  });
});
