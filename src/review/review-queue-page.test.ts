import { describe, expect, it } from "vitest";
import { openMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { reviewQueue } from "./review-queue.js";
import { type ReviewQueueCursor, reviewQueuePage, shadowDisagreements } from "./review-queue-page.js";

const base = { charter: "c", charterVersion: "1", agent: "function:t", input: {}, checkpoint: null };
const escalation = { type: "escalation", reason: "r", evidence: null };

/** A store whose clock moves one millisecond per run, so that runs are ordered by creation. */
async function storeWith(
  ids: string[],
  extra: (id: string) => Partial<Parameters<Store["runs"]["create"]>[0]> = () => ({}),
) {
  let tick = Date.parse("2026-01-01T00:00:00.000Z");
  const store = openMemoryStore({ now: () => new Date(tick) });
  for (const id of ids) {
    tick += 1;
    await store.runs.create({
      ...base,
      id,
      status: "completed",
      autonomy: "supervised",
      outcome: escalation,
      ...extra(id),
    });
  }
  return store;
}

async function allPages(
  store: Store,
  options: Omit<Parameters<typeof reviewQueuePage>[0], "store" | "cursor">,
) {
  const pages: string[][] = [];
  let cursor: ReviewQueueCursor | undefined;
  for (;;) {
    const page = await reviewQueuePage({ store, ...options, ...(cursor === undefined ? {} : { cursor }) });
    pages.push(page.items.map((item) => item.run.id));
    if (page.next === null) return pages;
    cursor = page.next;
  }
}

describe("reviewQueuePage", () => {
  it("pages the same queue as reviewQueue, newest first, each run once", async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `run-${String(i).padStart(2, "0")}`);
    const store = await storeWith(ids, (id) =>
      Number(id.slice(4)) % 3 === 0 ? { outcome: { type: "decision", decision: { decision: "x" } } } : {},
    );
    await store.runs.create({
      ...base,
      id: "live",
      status: "running",
      autonomy: "draft",
      outcome: escalation,
    });
    const whole = (await reviewQueue({ store, sample: 0 })).map((item) => item.run.id);
    const pages = await allPages(store, { limit: 4, sample: 0 });
    expect(pages.flat()).toEqual(whole);
    expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
    expect(whole).not.toContain("live");
    expect(whole).toHaveLength(15);
  });

  it("puts shadow disagreements first, critical first, and does not list their runs again", async () => {
    const store = await storeWith(["a", "b", "shadow-1", "shadow-2", "c"], (id) =>
      id.startsWith("shadow")
        ? { autonomy: "shadow", outcome: { type: "decision", decision: { decision: "x" } } }
        : {},
    );
    const shadow = shadowDisagreements([
      {
        source: "s.json",
        items: [
          { id: "1", runId: "shadow-1", impact: "low", humanClass: "y", agentClass: "x", agree: false },
          { id: "2", runId: "shadow-2", impact: "critical", humanClass: "y", agentClass: "x", agree: false },
          { id: "3", runId: "c", impact: "low", humanClass: "x", agentClass: "x", agree: true },
          { id: "4", runId: "missing", impact: "high", humanClass: "y", agentClass: "x", agree: false },
        ],
      },
    ]);
    expect(shadow.map((item) => item.runId)).toEqual(["shadow-2", "missing", "shadow-1"]);
    const first = await reviewQueuePage({ store, limit: 3, shadow, sample: 0 });
    expect(first.items.map((item) => [item.run.id, item.reasons])).toEqual([
      ["shadow-2", ["shadow-disagreement"]],
      ["shadow-1", ["shadow-disagreement"]],
      ["c", ["escalation"]],
    ]);
    expect(first.items[0]?.shadow).toEqual({
      runId: "shadow-2",
      id: "2",
      impact: "critical",
      humanClass: "y",
      agentClass: "x",
      source: "s.json",
    });
    expect((await allPages(store, { limit: 2, shadow, sample: 0 })).flat()).toEqual([
      "shadow-2",
      "shadow-1",
      "c",
      "b",
      "a",
    ]);
  });

  it("leaves reviewed runs out unless asked, counting their reviews", async () => {
    const store = await storeWith(["a", "b"]);
    await store.reviews.append({
      id: "rv",
      runId: "b",
      reviewer: "ana",
      outcome: "approved",
      errorType: null,
      correction: null,
      rootCause: null,
      retrainingPriority: null,
      note: null,
    });
    expect((await reviewQueuePage({ store, limit: 5 })).items.map((item) => item.run.id)).toEqual(["a"]);
    const all = await reviewQueuePage({ store, limit: 5, includeReviewed: true });
    expect(all.items.map((item) => [item.run.id, item.reviews])).toEqual([
      ["b", 1],
      ["a", 0],
    ]);
  });

  it("stops after `scan` runs with a cursor to go on, so that one page never reads the whole table", async () => {
    const quiet = { outcome: { type: "decision", decision: { decision: "x" } } };
    const store = await storeWith(["old", ...Array.from({ length: 30 }, (_, i) => `q-${i}`)], (id) =>
      id === "old" ? {} : quiet,
    );
    const page = await reviewQueuePage({ store, limit: 5, scan: 10, sample: 0 });
    expect(page).toEqual({
      items: [],
      next: { phase: "runs", before: expect.objectContaining({ id: "q-20" }) },
      scanned: 10,
    });
    expect((await allPages(store, { limit: 5, scan: 10, sample: 0 })).flat()).toEqual(["old"]);
  });

  it("finds runs with proposals through their approvals, and keeps to one charter when asked", async () => {
    const store = await storeWith(["p", "other"], (id) =>
      id === "p" ? { status: "suspended", autonomy: "draft", outcome: null } : { charter: "d" },
    );
    await store.approvals.create({
      id: "ap",
      runId: "p",
      charter: "c",
      callId: "k",
      toolName: "t",
      input: {},
      inputHash: "h",
      reasons: { kind: "proposal", reasons: [] },
    });
    const page = await reviewQueuePage({ store, limit: 5, charter: "c" });
    expect(page.items.map((item) => [item.run.id, item.reasons])).toEqual([["p", ["proposal"]]]);
    expect(page.next).toBeNull();
  });
});
