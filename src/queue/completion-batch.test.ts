import { describe, expect, it } from "vitest";
import { completionBatch } from "./completion-batch.js";

/** A completion statement that waits until the test lets it end, recording the ids it was given. */
function gatedComplete() {
  const calls: string[][] = [];
  const gates: ((error?: Error) => void)[] = [];
  return {
    calls,
    open: (error?: Error) => gates.shift()?.(error),
    complete: (ids: readonly string[]) =>
      new Promise<void>((resolve, reject) => {
        calls.push([...ids]);
        gates.push((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("completionBatch", () => {
  it("sends the first id at once and the ids that come meanwhile together in the next statement", async () => {
    const statement = gatedComplete();
    const batch = completionBatch(statement.complete);
    const first = batch.add("a");
    const rest = [batch.add("b"), batch.add("c")];
    await tick();
    expect(statement.calls).toEqual([["a"]]);
    statement.open();
    expect(await first).toBeUndefined();
    await tick();
    expect(statement.calls).toEqual([["a"], ["b", "c"]]);
    statement.open();
    expect(await Promise.all(rest)).toEqual([undefined, undefined]);
    expect(statement.calls).toEqual([["a"], ["b", "c"]]);
  });

  it("gives every id of a failed statement its error, and goes on with the next ids", async () => {
    const statement = gatedComplete();
    const batch = completionBatch(statement.complete);
    const a = batch.add("a");
    await tick();
    const b = batch.add("b");
    statement.open(new Error("connection lost"));
    expect((await a)?.message).toBe("connection lost");
    await tick();
    statement.open();
    expect(await b).toBeUndefined();
    expect(statement.calls).toEqual([["a"], ["b"]]);
  });
});
