import { describe, expect, it } from "vitest";
import { mapConcurrent } from "./map-concurrent.js";

describe("mapConcurrent", () => {
  it("keeps the items' order with at most `concurrency` in flight, starting the next as one finishes", async () => {
    const started: number[] = [];
    const finish = new Map<number, () => void>();
    const done = mapConcurrent([0, 1, 2, 3], 2, (item, index) => {
      started.push(item);
      return new Promise<string>((resolve) => finish.set(item, () => resolve(`${item}@${index}`)));
    });
    const settle = async () => {
      for (let tick = 0; tick < 5; tick++) await Promise.resolve();
    };
    await settle();
    expect(started).toEqual([0, 1]);
    finish.get(1)?.();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    finish.get(2)?.();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    finish.get(3)?.();
    finish.get(0)?.();
    expect(await done).toEqual(["0@0", "1@1", "2@2", "3@3"]);
  });

  it("runs nothing for no items, and one at a time for a concurrency below 1", async () => {
    expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
    const order: number[] = [];
    await mapConcurrent([1, 2, 3], 0, async (item) => {
      order.push(item);
      await Promise.resolve();
      order.push(-item);
    });
    expect(order).toEqual([1, -1, 2, -2, 3, -3]);
  });
});
