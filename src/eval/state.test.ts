import { describe, expect, it } from "vitest";
import { diffStates, hashState } from "./state.js";

describe("diffStates", () => {
  it("lists leaf changes, including the fields of items added or removed whole", () => {
    const before = { tickets: { "T-1": { priority: null } }, handoffs: [] as unknown[], gone: { a: 1 } };
    const after = { tickets: { "T-1": { priority: "p1" } }, handoffs: [{ id: "H-1", priority: "p2" }] };
    expect(diffStates(before, after)).toEqual([
      { path: "gone.a", before: 1, after: undefined },
      { path: "handoffs.0.id", before: undefined, after: "H-1" },
      { path: "handoffs.0.priority", before: undefined, after: "p2" },
      { path: "tickets.T-1.priority", before: null, after: "p1" },
    ]);
    expect(diffStates(after, structuredClone(after))).toEqual([]);
  });

  it("hashes equal states equally, whatever the key order", () => {
    expect(hashState({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(hashState({ a: [1, { c: 3, d: 2 }], b: 1 }));
    expect(hashState({ a: 1 })).not.toBe(hashState({ a: 2 }));
  });
});

describe("diffStates ordering", () => {
  it("orders changes by key at every level, whatever the objects' key order", () => {
    const before = { z: { b: 1, a: 1 }, m: [1, { y: 1, x: 1 }], a: 1, same: { k: 1 } };
    const after = { a: 2, m: [2, { x: 2, y: 2 }], same: { k: 1 }, z: { a: 2, c: 3, b: 2 } };
    expect(diffStates(before, after).map((c) => c.path)).toEqual([
      "a",
      "m.0",
      "m.1.x",
      "m.1.y",
      "z.a",
      "z.b",
      "z.c",
    ]);
  });
});
