import { expect, it } from "vitest";
import { ErrorCode } from "../../errors/codes.js";
import { SystemError } from "../../errors/reins-error.js";
import type { ActionRecord } from "../store.js";
import { type ContractFixture, rejectionOf, T0 } from "./fixture.js";

const action = (callId: string, runId = "run-1") => ({
  idempotencyKey: `${runId}:${callId}`,
  runId,
  callId,
  toolName: "crm_update",
  inputHash: "f".repeat(64),
});

/** `Store["actions"]`: the idempotency journal of executed tool calls. */
export function actionsContract(f: ContractFixture): void {
  it("starts an action once; a second start with the same key returns the existing record", async () => {
    const expected: ActionRecord = {
      ...action("c1"),
      status: "started",
      result: null,
      startedAt: T0,
      finishedAt: null,
    };
    expect(await f.store.actions.start(action("c1"))).toEqual({ record: expected, created: true });
    f.clock.advance(10);
    const again = await f.store.actions.start({
      ...action("c1"),
      toolName: "other",
      inputHash: "0".repeat(64),
    });
    expect(again).toEqual({ record: expected, created: false });
    expect(await f.store.actions.get("run-1:c1")).toEqual(expected);
    expect(await f.store.actions.get("run-1:unknown")).toBeUndefined();
  });

  it("finishes an action with its status and result", async () => {
    await f.store.actions.start(action("c1"));
    await f.store.actions.start(action("c2"));
    const at = f.clock.advance(2);
    await f.store.actions.finish("run-1:c1", { status: "completed", result: { id: "acct-9" } });
    const completed = await f.store.actions.get("run-1:c1");
    expect(completed).toEqual({
      ...action("c1"),
      status: "completed",
      result: { id: "acct-9" },
      startedAt: T0,
      finishedAt: at,
    });
    await f.store.actions.finish("run-1:c2", { status: "failed", result: { error: "timeout" } });
    const failed = await f.store.actions.get("run-1:c2");
    expect([failed?.status, failed?.result, failed?.finishedAt]).toEqual([
      "failed",
      { error: "timeout" },
      at,
    ]);
    const restarted = await f.store.actions.start(action("c1"));
    expect(restarted).toEqual({ record: completed, created: false });
  });

  it("refuses to finish an action that was never started", async () => {
    const error = await rejectionOf(
      f.store.actions.finish("run-1:nope", { status: "completed", result: null }),
    );
    expect(SystemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: ErrorCode.StoreFailure,
      message:
        'no action was started under idempotency key "run-1:nope"; call actions.start before actions.finish',
    });
  });

  it("lists a run's actions in the order they started", async () => {
    await f.store.actions.start(action("c2"));
    f.clock.advance(1);
    await f.store.actions.start(action("c1"));
    await f.store.actions.start(action("c3", "run-2"));
    expect((await f.store.actions.list("run-1")).map((record) => record.callId)).toEqual(["c2", "c1"]);
    expect((await f.store.actions.list("run-2")).map((record) => record.callId)).toEqual(["c3"]);
    expect(await f.store.actions.list("run-3")).toEqual([]);
  });
}
