import { describe, expect, it } from "vitest";
import { openMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { resultWriter } from "./result-writer.js";

const result = (i: number) => ({ caseId: `case-${i}`, trial: 1, passed: true, data: { i } });

async function begun(): Promise<Store> {
  const store = openMemoryStore();
  await store.evals.begin({
    id: "e",
    suite: "s",
    agent: "a",
    startedAt: "2025-01-01T00:00:00.000Z",
    plan: {},
  });
  return store;
}

describe("resultWriter", () => {
  it("writes full batches as they fill, a late one after its delay, and the rest on flush", async () => {
    const store = await begun();
    let clock = 0;
    const writer = resultWriter({ store, evalId: "e", batchSize: 3, maxDelayMs: 1000, now: () => clock });
    const count = async () => (await store.evals.list())[0]?.resultCount;
    for (let i = 0; i < 5; i++) await writer.add(result(i));
    expect(await count()).toBe(3);
    clock = 1500;
    await writer.add(result(5));
    expect(await count()).toBe(6);
    await writer.add(result(6));
    expect(await count()).toBe(6);
    await writer.flush();
    expect((await store.evals.completedKeys("e")).map((k) => k.caseId)).toEqual(
      Array.from({ length: 7 }, (_, i) => `case-${i}`),
    );
  });

  it("fails every later add and flush with the store's error once a batch failed", async () => {
    const store = await begun();
    await store.evals.finish("e", { passed: true, report: {} });
    const writer = resultWriter({ store, evalId: "e", batchSize: 1 });
    await expect(writer.add(result(0))).rejects.toThrow(
      'cannot add results to evaluation "e": it is finished',
    );
    await expect(writer.flush()).rejects.toThrow("it is finished");
  });
});
