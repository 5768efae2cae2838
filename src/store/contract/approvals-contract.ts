import { expect, it } from "vitest";
import { ErrorCode } from "../../errors/codes.js";
import { SystemError, UserError } from "../../errors/reins-error.js";
import { hashJson } from "../../hash/canonical-hash.js";
import type { ApprovalRecord } from "../store.js";
import { type ContractFixture, rejectionOf, T0 } from "./fixture.js";

const input = { to: "jo@acme.com", subject: "Your demo" };
const request = (id: string, runId = "run-1") => ({
  id,
  runId,
  charter: "lead-routing",
  callId: `call-${id}`,
  toolName: "send_email",
  input,
  inputHash: hashJson(input),
  reasons: [{ rule: "external-communication", code: "EXTERNAL_COMMUNICATION", message: "needs a human" }],
});

const hint = "run `reins approvals list` to see pending approvals";

/** `Store["approvals"]`: create pending, list by status and run, decide exactly once. */
export function approvalsContract(f: ContractFixture): void {
  it("creates a pending approval and reads it back", async () => {
    const expected: ApprovalRecord = {
      ...request("ap-1"),
      status: "pending",
      decidedBy: null,
      note: null,
      createdAt: T0,
      decidedAt: null,
    };
    expect(await f.store.approvals.create(request("ap-1"))).toEqual(expected);
    expect(await f.store.approvals.get("ap-1")).toEqual(expected);
    expect(await f.store.approvals.get("ap-unknown")).toBeUndefined();
  });

  it("records who entered a decision made by someone else, and only then", async () => {
    await f.store.approvals.create(request("ap-1"));
    await f.store.approvals.create(request("ap-2"));
    const delegated = await f.store.approvals.decide("ap-1", {
      status: "approved",
      decidedBy: "ana",
      enteredBy: "ops-desk",
    });
    expect([delegated.decidedBy, delegated.enteredBy]).toEqual(["ana", "ops-desk"]);
    expect(await f.store.approvals.get("ap-1")).toMatchObject({ decidedBy: "ana", enteredBy: "ops-desk" });
    const own = await f.store.approvals.decide("ap-2", { status: "approved", decidedBy: "bo" });
    expect("enteredBy" in own).toBe(false);
    expect(await f.store.approvals.get("ap-2")).not.toHaveProperty("enteredBy");
  });

  it("decides an approval once, recording who, when and the note", async () => {
    await f.store.approvals.create(request("ap-1"));
    await f.store.approvals.create(request("ap-2"));
    const at = f.clock.advance(60);
    const approved = await f.store.approvals.decide("ap-1", {
      status: "approved",
      decidedBy: "ana",
      note: "ok",
    });
    expect(approved).toEqual({
      ...request("ap-1"),
      status: "approved",
      decidedBy: "ana",
      note: "ok",
      createdAt: T0,
      decidedAt: at,
    });
    const rejected = await f.store.approvals.decide("ap-2", { status: "rejected", decidedBy: "bo" });
    expect([rejected.status, rejected.decidedBy, rejected.note, rejected.decidedAt]).toEqual([
      "rejected",
      "bo",
      null,
      at,
    ]);
    expect(await f.store.approvals.get("ap-1")).toEqual(approved);
  });

  it("refuses to decide twice, with a UserError that says how to find pending approvals", async () => {
    await f.store.approvals.create(request("ap-1"));
    await f.store.approvals.decide("ap-1", { status: "rejected", decidedBy: "ana", note: "wrong owner" });
    const error = await rejectionOf(
      f.store.approvals.decide("ap-1", { status: "approved", decidedBy: "bo" }),
    );
    expect(UserError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: ErrorCode.ApprovalInvalid,
      message: `approval "ap-1" was already rejected by ana at ${T0}`,
      hint,
    });
    expect((await f.store.approvals.get("ap-1"))?.status).toBe("rejected");
  });

  it("refuses to decide an unknown approval with a UserError", async () => {
    const error = await rejectionOf(
      f.store.approvals.decide("ap-404", { status: "approved", decidedBy: "ana" }),
    );
    expect(UserError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: ErrorCode.ApprovalInvalid,
      message: 'unknown approval "ap-404"',
      hint,
    });
  });

  it("refuses to create an approval twice with a SystemError, keeping the first", async () => {
    await f.store.approvals.create(request("ap-1"));
    const error = await rejectionOf(f.store.approvals.create({ ...request("ap-1"), toolName: "other" }));
    expect(SystemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: ErrorCode.StoreFailure });
    expect((await f.store.approvals.get("ap-1"))?.toolName).toBe("send_email");
  });

  it("lists pending approvals by default, oldest first, filtered by status and run", async () => {
    await f.store.approvals.create(request("ap-1", "run-1"));
    f.clock.advance(1);
    await f.store.approvals.create(request("ap-2", "run-2"));
    f.clock.advance(1);
    await f.store.approvals.create(request("ap-3", "run-1"));
    await f.store.approvals.decide("ap-2", { status: "approved", decidedBy: "ana" });

    const ids = (records: ApprovalRecord[]) => records.map((record) => record.id);
    expect(ids(await f.store.approvals.list())).toEqual(["ap-1", "ap-3"]);
    expect(ids(await f.store.approvals.list({ status: "approved" }))).toEqual(["ap-2"]);
    expect(ids(await f.store.approvals.list({ status: "rejected" }))).toEqual([]);
    expect(ids(await f.store.approvals.list({ runId: "run-1" }))).toEqual(["ap-1", "ap-3"]);
    expect(ids(await f.store.approvals.list({ runId: "run-2" }))).toEqual([]);
    expect(ids(await f.store.approvals.list({ runId: "run-2", status: "approved" }))).toEqual(["ap-2"]);
    expect(ids(await f.store.approvals.list({ runIds: ["run-1", "run-9"] }))).toEqual(["ap-1", "ap-3"]);
    expect(ids(await f.store.approvals.list({ runIds: ["run-2"], status: "approved" }))).toEqual(["ap-2"]);
    expect(await f.store.approvals.list({ runIds: [] })).toEqual([]);
  });

  it("pages approvals with a cursor, oldest first, ties by id", async () => {
    await f.store.approvals.create(request("ap-1"));
    f.clock.advance(1);
    await f.store.approvals.create(request("ap-3"));
    await f.store.approvals.create(request("ap-2"));
    f.clock.advance(1);
    await f.store.approvals.create(request("ap-4"));
    const ids = (records: ApprovalRecord[]) => records.map((record) => record.id);
    const first = await f.store.approvals.list({ limit: 2 });
    expect(ids(first)).toEqual(["ap-1", "ap-2"]);
    const last = first.at(-1)!;
    expect(
      ids(await f.store.approvals.list({ limit: 2, after: { createdAt: last.createdAt, id: last.id } })),
    ).toEqual(["ap-3", "ap-4"]);
  });
}
