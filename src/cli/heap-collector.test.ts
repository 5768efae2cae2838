import { describe, expect, it } from "vitest";
import { periodicHeapCollector } from "./heap-collector.js";

describe("periodicHeapCollector", () => {
  const setup = () => {
    const world = { heap: 100, clock: 0, collections: 0 };
    const heap = periodicHeapCollector({
      intervalMs: 1000,
      growthBytes: 50,
      now: () => world.clock,
      heapUsed: () => world.heap,
      collect: () => {
        world.collections++;
        world.heap = 100;
      },
    });
    /** The collections so far, after `n` more ticks. */
    const collectionsAfter = (n: number) => {
      for (let i = 0; i < n; i++) heap.tick();
      return world.collections;
    };
    return { world, collectionsAfter };
  };

  it("collects once the heap has grown by its budget past what the last collection left, not before", () => {
    const { world, collectionsAfter } = setup();
    world.heap = 149;
    expect(collectionsAfter(64)).toBe(0);
    world.heap = 150;
    expect(collectionsAfter(15)).toBe(0);
    // The heap's size is read every 16th tick.
    expect(collectionsAfter(1)).toBe(1);
    expect(collectionsAfter(64)).toBe(1);
  });

  it("collects when its interval has passed, however little the heap grew", () => {
    const { world, collectionsAfter } = setup();
    world.clock = 999;
    expect(collectionsAfter(32)).toBe(0);
    world.clock = 1000;
    expect(collectionsAfter(16)).toBe(1);
    world.clock = 1500;
    expect(collectionsAfter(32)).toBe(1);
  });
});
