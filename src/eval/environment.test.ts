import { describe, expect, it } from "vitest";
import { copyJson, jsonEnvironment, mergeJson } from "./environment.js";

describe("jsonEnvironment", () => {
  const base = { orders: { "O-1": { status: "paid", lines: [1, 2] } }, refunds: [] as unknown[] };
  const environment = jsonEnvironment({ base });

  it("gives each trial its own copy of the base world with the fixture merged over it", () => {
    const world = environment.create({ orders: { "O-2": { status: "new" } }, refunds: [{ id: "R-1" }] });
    expect(world).toEqual({
      orders: { "O-1": { status: "paid", lines: [1, 2] }, "O-2": { status: "new" } },
      refunds: [{ id: "R-1" }],
    });
    world.orders["O-1"]?.lines.push(3);
    (world.refunds as unknown[]).push({ id: "R-2" });
    expect(base).toEqual({ orders: { "O-1": { status: "paid", lines: [1, 2] } }, refunds: [] });
    expect(environment.create(undefined)).toEqual(base);
  });

  it("snapshots a world as a copy that later changes do not reach", () => {
    const world = environment.create({});
    const before = environment.snapshot(world);
    (world.orders as Record<string, { status: string }>)["O-1"] = { status: "refunded" };
    expect(before).toEqual(base);
  });

  it("does not share the fixture's objects with the world", () => {
    const fixture = { orders: { "O-3": { status: "paid", lines: [7] } } };
    const world = environment.create(fixture) as unknown as typeof fixture;
    world.orders["O-3"].lines.push(8);
    expect(fixture.orders["O-3"].lines).toEqual([7]);
  });
});

describe("copyJson", () => {
  it("copies objects and arrays deeply and keeps primitives", () => {
    const value = { a: [1, { b: "x", c: null }], d: true, e: 2.5 };
    const copy = copyJson(value);
    expect(copy).toEqual(value);
    expect(copy.a).not.toBe(value.a);
    expect(copy.a[1]).not.toBe(value.a[1]);
  });

  it("leaves values that are not plain JSON (a Date, a Map) to structuredClone", () => {
    const at = new Date("2026-01-02T03:04:05Z");
    const copy = copyJson({ at, seen: new Map([["k", 1]]) });
    expect(copy.at).toBeInstanceOf(Date);
    expect(copy.at).not.toBe(at);
    expect(copy.at.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(copy.seen.get("k")).toBe(1);
  });
});

describe("mergeJson", () => {
  it("merges objects by key; arrays and scalars replace", () => {
    expect(mergeJson({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: 2, e: "new" })).toEqual({
      a: { b: 1, c: [3] },
      d: 2,
      e: "new",
    });
  });
});
