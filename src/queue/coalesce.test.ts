import { describe, expect, it } from "vitest";
import { coalesce } from "./coalesce.js";

/** A statement that waits until the test lets it end, recording the items it was given. */
function gatedSend(
  answer: (items: readonly string[]) => (Error | undefined)[] = (items) => items.map(() => undefined),
) {
  const calls: string[][] = [];
  const gates: ((error?: Error) => void)[] = [];
  return {
    calls,
    open: (error?: Error) => gates.shift()?.(error),
    send: (items: readonly string[]) =>
      new Promise<(Error | undefined)[]>((resolve, reject) => {
        calls.push([...items]);
        gates.push((error) => (error ? reject(error) : resolve(answer(items))));
      }),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const outcome = (p: Promise<void>) =>
  p.then(
    () => "ok",
    (e: Error) => e.message,
  );

describe("coalesce", () => {
  it("sends the first item at once and the items that come meanwhile together in the next batch", async () => {
    const statement = gatedSend();
    const batch = coalesce(statement.send);
    const first = outcome(batch.add("a"));
    const rest = [outcome(batch.add("b")), outcome(batch.add("c"))];
    await tick();
    expect(statement.calls).toEqual([["a"]]);
    statement.open();
    expect(await first).toBe("ok");
    await tick();
    expect(statement.calls).toEqual([["a"], ["b", "c"]]);
    statement.open();
    expect(await Promise.all(rest)).toEqual(["ok", "ok"]);
    expect(statement.calls).toEqual([["a"], ["b", "c"]]);
  });

  it("rejects every item of a batch whose statement failed, and goes on with the next items", async () => {
    const statement = gatedSend();
    const batch = coalesce(statement.send);
    const a = outcome(batch.add("a"));
    await tick();
    const b = outcome(batch.add("b"));
    statement.open(new Error("connection lost"));
    expect(await a).toBe("connection lost");
    await tick();
    statement.open();
    expect(await b).toBe("ok");
    expect(statement.calls).toEqual([["a"], ["b"]]);
  });

  it("rejects only the items `send` answers an error for", async () => {
    const statement = gatedSend((items) =>
      items.map((i) => (i.startsWith("x") ? new Error(`no ${i}`) : undefined)),
    );
    const batch = coalesce(statement.send);
    const first = outcome(batch.add("a"));
    const rest = [outcome(batch.add("b")), outcome(batch.add("x1")), outcome(batch.add("c"))];
    await tick();
    statement.open();
    expect(await first).toBe("ok");
    await tick();
    statement.open();
    expect(await Promise.all(rest)).toEqual(["ok", "no x1", "ok"]);
  });
});
