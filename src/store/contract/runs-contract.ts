import { expect, it } from "vitest";
import { ErrorCode } from "../../errors/codes.js";
import { SystemError, UserError } from "../../errors/reins-error.js";
import type { RunRecord } from "../store.js";
import { type ContractFixture, rejectionOf, T0 } from "./fixture.js";

const base = {
  charter: "lead-routing",
  charterVersion: "1.0.0",
  status: "running",
  autonomy: "supervised",
  agent: "model:openai:gpt-4.1-mini",
  input: { email: "jo@acme.com", company: { name: "Acme", size: 120 } },
  outcome: null,
  checkpoint: null,
} as const;

/** `Store["runs"]`: create, get, update, list with filters, newest first. */
export function runsContract(f: ContractFixture): void {
  it("creates a run stamped with the clock and reads it back", async () => {
    await f.store.runs.create({ id: "run-1", ...base });
    const expected: RunRecord = { id: "run-1", ...base, createdAt: T0, updatedAt: T0 };
    expect(await f.store.runs.get("run-1")).toEqual(expected);
    expect(await f.store.runs.get("run-unknown")).toBeUndefined();
  });

  it("updates status, outcome and checkpoint, leaving the rest as it was", async () => {
    await f.store.runs.create({ id: "run-1", ...base, checkpoint: { step: 1 } });
    const later = f.clock.advance(5);
    const outcome = { type: "decision", decision: "qualified", confidence: 0.9 };
    await f.store.runs.update("run-1", { status: "completed", outcome, checkpoint: null });
    const expected: RunRecord = {
      id: "run-1",
      ...base,
      status: "completed",
      outcome,
      checkpoint: null,
      createdAt: T0,
      updatedAt: later,
    };
    expect(await f.store.runs.get("run-1")).toEqual(expected);

    await f.store.runs.update("run-1", { checkpoint: { pending: "call-2" } });
    expect(await f.store.runs.get("run-1")).toEqual({ ...expected, checkpoint: { pending: "call-2" } });
  });

  it("refuses to update an unknown run with a UserError", async () => {
    const error = await rejectionOf(f.store.runs.update("run-unknown", { status: "failed" }));
    expect(UserError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: ErrorCode.RunInvalid, message: 'unknown run "run-unknown"' });
  });

  it("lists runs newest first, filtered by charter and status, up to a limit", async () => {
    await f.store.runs.create({ id: "run-a", ...base });
    f.clock.advance(1);
    await f.store.runs.create({ id: "run-b", ...base, charter: "support-triage" });
    f.clock.advance(1);
    await f.store.runs.create({ id: "run-c", ...base, status: "suspended" });
    f.clock.advance(1);
    await f.store.runs.create({ id: "run-d", ...base });

    const ids = (runs: RunRecord[]) => runs.map((run) => run.id);
    expect(ids(await f.store.runs.list())).toEqual(["run-d", "run-c", "run-b", "run-a"]);
    expect(ids(await f.store.runs.list({ charter: "lead-routing" }))).toEqual(["run-d", "run-c", "run-a"]);
    expect(ids(await f.store.runs.list({ status: "suspended" }))).toEqual(["run-c"]);
    expect(ids(await f.store.runs.list({ charter: "lead-routing", status: "running" }))).toEqual([
      "run-d",
      "run-a",
    ]);
    expect(ids(await f.store.runs.list({ limit: 2 }))).toEqual(["run-d", "run-c"]);
    expect(await f.store.runs.list({ charter: "nothing" })).toEqual([]);
  });

  it("pages runs with a cursor: the runs after the last one of the page before, in the same order", async () => {
    await f.store.runs.create({ id: "run-a", ...base });
    f.clock.advance(1);
    await f.store.runs.create({ id: "run-c", ...base });
    await f.store.runs.create({ id: "run-b", ...base });
    await f.store.runs.create({ id: "run-x", ...base, charter: "support-triage" });
    f.clock.advance(1);
    await f.store.runs.create({ id: "run-d", ...base });
    const ids = (runs: RunRecord[]) => runs.map((run) => run.id);
    const first = await f.store.runs.list({ charter: "lead-routing", limit: 2 });
    expect(ids(first)).toEqual(["run-d", "run-c"]);
    const last = first.at(-1)!;
    const second = await f.store.runs.list({
      charter: "lead-routing",
      limit: 2,
      before: { createdAt: last.createdAt, id: last.id },
    });
    // run-b was created in the same instant as run-c: a cursor on the time alone would skip it.
    expect(ids(second)).toEqual(["run-b", "run-a"]);
    const end = second.at(-1)!;
    expect(await f.store.runs.list({ before: { createdAt: end.createdAt, id: end.id } })).toEqual([]);
  });

  it("lists the charters that have runs, in order, a page at a time", async () => {
    await f.store.runs.create({ id: "run-1", ...base, charter: "support-triage" });
    await f.store.runs.create({ id: "run-2", ...base });
    await f.store.runs.create({ id: "run-3", ...base });
    await f.store.runs.create({ id: "run-4", ...base, charter: "billing" });
    expect(await f.store.runs.charters()).toEqual(["billing", "lead-routing", "support-triage"]);
    expect(await f.store.runs.charters({ limit: 2 })).toEqual(["billing", "lead-routing"]);
    expect(await f.store.runs.charters({ after: "lead-routing" })).toEqual(["support-triage"]);
    expect(await f.store.runs.charters({ after: "support-triage" })).toEqual([]);
  });

  it("orders runs created in the same instant by id, descending", async () => {
    await f.store.runs.create({ id: "run-1", ...base });
    await f.store.runs.create({ id: "run-3", ...base });
    await f.store.runs.create({ id: "run-2", ...base });
    expect((await f.store.runs.list()).map((run) => run.id)).toEqual(["run-3", "run-2", "run-1"]);
  });

  it("orders ids by code point, as SQL text compares, not by UTF-16 code unit", async () => {
    // U+1F600 is a surrogate pair in UTF-16 (0xD83D…), below U+FF5E by code unit but above it by code point.
    await f.store.runs.create({ id: "run-\u{1F600}", ...base });
    await f.store.runs.create({ id: "run-\uFF5E", ...base });
    expect((await f.store.runs.list()).map((run) => run.id)).toEqual(["run-\u{1F600}", "run-\uFF5E"]);
  });

  it("refuses to create a run twice with a SystemError, keeping the first", async () => {
    await f.store.runs.create({ id: "run-1", ...base });
    const error = await rejectionOf(f.store.runs.create({ id: "run-1", ...base, charter: "other" }));
    expect(SystemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: ErrorCode.StoreFailure });
    expect((await f.store.runs.get("run-1"))?.charter).toBe("lead-routing");
  });

  it("hands out copies: changing what was given or read does not change what is stored", async () => {
    const input = { email: "jo@acme.com", tags: ["a"] };
    await f.store.runs.create({ id: "run-1", ...base, input });
    input.tags.push("given");
    const read = (await f.store.runs.get("run-1")) as RunRecord;
    (read.input as typeof input).tags.push("read");
    expect((await f.store.runs.get("run-1"))?.input).toEqual({ email: "jo@acme.com", tags: ["a"] });
  });

  it("stores JSON: undefined fields are dropped and dates read back as ISO strings", async () => {
    const checkpoint = { step: 2, at: new Date(0), pending: undefined };
    await f.store.runs.create({ id: "run-1", ...base, checkpoint });
    expect((await f.store.runs.get("run-1"))?.checkpoint).toStrictEqual({
      step: 2,
      at: "1970-01-01T00:00:00.000Z",
    });
  });
}
