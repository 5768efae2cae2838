import { expect, it } from "vitest";
import type { NewReview, ReviewRecord } from "../store.js";
import { type ContractFixture, rejectionOf, T0 } from "./fixture.js";

const review = (id: string, patch: Partial<NewReview> = {}): NewReview => ({
  id,
  runId: "run-1",
  reviewer: "ana",
  outcome: "edited",
  errorType: "wrong_tool",
  correction: {
    decision: "nurture",
    fields: { owner: "bo" },
    actions: [{ tool: "crm_update", input: { id: 7 } }],
  },
  rootCause: "prompt",
  retrainingPriority: "high",
  note: "should have nurtured",
  ...patch,
});

const event = (record: ReviewRecord) => ({
  runId: record.runId,
  type: "review.recorded",
  data: { reviewId: record.id, outcome: record.outcome },
});

/** `Store["reviews"]`: append-only, listed oldest first by run, reviewer and time, each with its audit event. */
export function reviewsContract(f: ContractFixture): void {
  it("appends a review and reads it back exactly, with its time and format version", async () => {
    const expected: ReviewRecord = { ...review("rv-1"), createdAt: T0, schemaVersion: 1 };
    expect(await f.store.reviews.append(review("rv-1"))).toEqual(expected);
    expect(await f.store.reviews.get("rv-1")).toEqual(expected);
    expect(await f.store.reviews.get("rv-unknown")).toBeUndefined();
  });

  it("keeps who entered a review for someone else, and only then", async () => {
    await f.store.reviews.append(review("rv-1", { enteredBy: "ops-desk" }));
    await f.store.reviews.append(review("rv-2", { correction: null, errorType: null, note: null }));
    expect(await f.store.reviews.get("rv-1")).toMatchObject({ reviewer: "ana", enteredBy: "ops-desk" });
    const plain = await f.store.reviews.get("rv-2");
    expect(plain).not.toHaveProperty("enteredBy");
    expect(plain).toMatchObject({ correction: null, errorType: null, note: null });
  });

  it("keeps every review of a run: a second reviewer, and a later one by the same", async () => {
    await f.store.reviews.append(review("rv-b", { reviewer: "ana", outcome: "approved" }));
    f.clock.advance(10);
    await f.store.reviews.append(review("rv-a", { reviewer: "bo", outcome: "rejected" }));
    const later = f.clock.advance(10);
    await f.store.reviews.append(review("rv-c", { reviewer: "ana", outcome: "edited" }));
    await f.store.reviews.append(review("rv-d", { runId: "run-2", reviewer: "bo" }));
    const ids = (records: ReviewRecord[]) => records.map((record) => record.id);
    expect(ids(await f.store.reviews.list({ runId: "run-1" }))).toEqual(["rv-b", "rv-a", "rv-c"]);
    expect(ids(await f.store.reviews.list({ reviewer: "ana" }))).toEqual(["rv-b", "rv-c"]);
    expect(ids(await f.store.reviews.list({ since: later }))).toEqual(["rv-c", "rv-d"]);
    expect(ids(await f.store.reviews.list({ runId: "run-2", reviewer: "ana" }))).toEqual([]);
    expect(ids(await f.store.reviews.list())).toEqual(["rv-b", "rv-a", "rv-c", "rv-d"]);
    expect(ids(await f.store.reviews.list({ runIds: ["run-2", "run-9"] }))).toEqual(["rv-d"]);
    expect(ids(await f.store.reviews.list({ runIds: ["run-1", "run-2"], reviewer: "bo" }))).toEqual([
      "rv-a",
      "rv-d",
    ]);
    expect(await f.store.reviews.list({ runIds: [] })).toEqual([]);
  });

  it("orders reviews made at the same instant by id", async () => {
    await f.store.reviews.append(review("rv-2"));
    await f.store.reviews.append(review("rv-1"));
    expect((await f.store.reviews.list()).map((record) => record.id)).toEqual(["rv-1", "rv-2"]);
  });

  it("refuses an id already used and keeps the first review", async () => {
    await f.store.reviews.append(review("rv-1", { note: "first" }));
    expect(await rejectionOf(f.store.reviews.append(review("rv-1", { note: "second" })))).toBeInstanceOf(
      Error,
    );
    expect(await f.store.reviews.get("rv-1")).toMatchObject({ note: "first" });
    expect(await f.store.reviews.list()).toHaveLength(1);
  });

  it("writes the review's audit event with it, and the event seals the run in the store chain", async () => {
    await f.store.audit.append({ runId: "run-1", type: "run.started", data: {} });
    const chainBefore = (await f.store.audit.chain()).length;
    const recorded = await f.store.reviews.append(review("rv-1"), event);
    const events = await f.store.audit.list("run-1");
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["run.started", {}],
      ["review.recorded", { reviewId: recorded.id, outcome: "edited" }],
    ]);
    const chain = await f.store.audit.chain();
    expect(chain).toHaveLength(chainBefore + 1);
    expect(chain.at(-1)).toMatchObject({ runId: "run-1", runCount: 2, runHead: events[1]?.hash });
  });

  it("writes neither the review nor its event when making the event fails", async () => {
    const failure = await rejectionOf(
      f.store.reviews.append(review("rv-1"), () => {
        throw new Error("boom");
      }),
    );
    expect(failure).toBeInstanceOf(Error);
    expect(await f.store.reviews.get("rv-1")).toBeUndefined();
    expect(await f.store.audit.list("run-1")).toEqual([]);
  });
}
