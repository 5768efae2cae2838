import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { scopedSignal } from "./scoped-signal.js";

describe("scopedSignal", () => {
  it("aborts every scoped signal in use with the parent's reason, through one listener on the parent", () => {
    const parent = new AbortController();
    const scoped = Array.from({ length: 50 }, () => scopedSignal(parent.signal));
    expect(getEventListeners(parent.signal, "abort")).toHaveLength(1);
    expect(new Set(scoped.map((s) => s.signal)).size).toBe(50);
    scoped[0]?.release();
    const reason = new Error("stop");
    parent.abort(reason);
    expect(scoped.map((s) => s.signal.aborted)).toEqual([false, ...Array(49).fill(true)]);
    expect(scoped[1]?.signal.reason).toBe(reason);
    expect(getEventListeners(parent.signal, "abort")).toHaveLength(0);
  });

  it("is aborted at once when the parent already is", () => {
    const parent = new AbortController();
    parent.abort("gone");
    const scoped = scopedSignal(parent.signal);
    expect(scoped.signal.aborted).toBe(true);
    expect(scoped.signal.reason).toBe("gone");
    expect(getEventListeners(parent.signal, "abort")).toHaveLength(0);
  });

  it("keeps the one listener for later scoped signals once earlier ones are released", () => {
    const parent = new AbortController();
    scopedSignal(parent.signal).release();
    const later = scopedSignal(parent.signal);
    expect(getEventListeners(parent.signal, "abort")).toHaveLength(1);
    parent.abort();
    expect(later.signal.aborted).toBe(true);
  });
});
