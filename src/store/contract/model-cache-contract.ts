import { expect, it } from "vitest";
import type { ContractFixture } from "./fixture.js";

const response = {
  schemaVersion: 1,
  content: [{ type: "text", text: "qualified" }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: { inputTokens: { total: 12 }, outputTokens: { total: 3 } },
};

/** `Store["modelCache"]`: values by key, replaced on a second put. */
export function modelCacheContract(f: ContractFixture): void {
  it("stores a value under a key and reads it back; an unknown key reads as undefined", async () => {
    await f.store.modelCache.put("k1", response);
    expect(await f.store.modelCache.get("k1")).toEqual(response);
    expect(await f.store.modelCache.get("k2")).toBeUndefined();
  });

  it("replaces the value of a key put twice and keeps keys apart", async () => {
    await f.store.modelCache.put("k1", response);
    await f.store.modelCache.put("k2", "other");
    await f.store.modelCache.put("k1", { ...response, content: [] });
    expect(await f.store.modelCache.get("k1")).toEqual({ ...response, content: [] });
    expect(await f.store.modelCache.get("k2")).toBe("other");
  });

  it("stores JSON: undefined fields are dropped, undefined reads as null, and reads are copies", async () => {
    await f.store.modelCache.put("k1", { a: 1, b: undefined, at: new Date(0) });
    await f.store.modelCache.put("k2", undefined);
    const read = (await f.store.modelCache.get("k1")) as { a: number };
    expect(read).toStrictEqual({ a: 1, at: "1970-01-01T00:00:00.000Z" });
    read.a = 2;
    expect(await f.store.modelCache.get("k1")).toEqual({ a: 1, at: "1970-01-01T00:00:00.000Z" });
    expect(await f.store.modelCache.get("k2")).toBeNull();
  });
}
