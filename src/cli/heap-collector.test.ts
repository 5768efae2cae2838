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
    const ticks = (n: number) => {
      for (let i = 0; i < n; i++) heap.tick();
    };
    return { world, ticks };
  };

  it("collects once the heap has grown by its budget past what the last collection left, not before", () => {
    const { world, ticks } = setup();
    world.heap = 149;
    ticks(64);
    expect(world.collections).toBe(0);
    world.heap = 150;
    ticks(15);
    expect(world.collections).toBe(0);
    // The heap's size is read every 16th tick.
    ticks(1);
    expect(world.collections).toBe(1);
    ticks(64);
    expect(world.collections).toBe(1);
  });

  it("collects when its interval has passed, however little the heap grew", () => {
    const { world, ticks } = setup();
    world.clock = 999;
    ticks(32);
    expect(world.collections).toBe(0);
    world.clock = 1000;
    ticks(16);
    expect(world.collections).toBe(1);
    world.clock = 1500;
    ticks(32);
    expect(world.collections).toBe(1);
  });
});
