import { describe, expect, it } from "vitest";
import { usageMessage } from "./__fixtures__/usage-message.js";
import { cohenKappa } from "./cohen-kappa.js";
import { type ReviewLabel, reviewerAgreement } from "./reviewer-agreement.js";

const review = (runId: string, reviewer: string, label: string): ReviewLabel => ({ runId, reviewer, label });

describe("reviewerAgreement", () => {
  it("measures κ per pair of reviewers on the runs they share", () => {
    const reviews = [
      review("r1", "alice", "approved"),
      review("r2", "alice", "edited"),
      review("r3", "alice", "approved"),
      review("r4", "alice", "rejected"),
      review("r1", "bob", "approved"),
      review("r2", "bob", "approved"),
      review("r3", "bob", "rejected"),
      review("r2", "bob", "edited"), // bob's later review of r2 replaces his first
      review("r4", "carol", "rejected"),
      review("r9", "dave", "approved"), // shares nothing: no pair
    ];
    // alice–bob on r1, r2, r3: alice [approved, edited, approved], bob [approved, edited, rejected]: agreed 2 → 2/3.
    // alice: approved 2, edited 1; bob: approved 1, edited 1, rejected 1 → Σ = 2·1 + 1·1 = 3, p_e = 3/9;
    // κ = (3·2 − 3)/(9 − 3) = 0.5.
    // alice–carol on r4: one run, same label → p_e = 1, κ defined as 1. bob–carol, *–dave: nothing shared.
    expect(reviewerAgreement(reviews)).toEqual([
      { reviewers: ["alice", "bob"], n: 3, agreement: 2 / 3, expectedAgreement: 3 / 9, kappa: 0.5 },
      { reviewers: ["alice", "carol"], n: 1, agreement: 1, expectedAgreement: 1, kappa: 1 },
    ]);
  });

  it("gives the κ of cohenKappa on the shared runs, whichever reviewer comes first", () => {
    const reviews = [
      review("r1", "zed", "a"),
      review("r2", "zed", "b"),
      review("r3", "zed", "b"),
      review("r1", "amy", "a"),
      review("r2", "amy", "a"),
      review("r3", "amy", "b"),
    ];
    const [pair] = reviewerAgreement(reviews);
    expect(pair!.reviewers).toEqual(["amy", "zed"]);
    // amy [a, a, b] vs zed [a, b, b]: p_o 2/3, p_e = (2·1 + 1·2)/9 = 4/9, κ = (3·2 − 4)/(9 − 4) = 0.4.
    expect(pair!.kappa).toBe(0.4);
    expect(pair!.kappa).toBe(
      cohenKappa([
        ["a", "a"],
        ["a", "b"],
        ["b", "b"],
      ]).kappa,
    );
    expect(reviewerAgreement([...reviews].reverse())).toEqual([pair]);
  });

  it("has no pairs with fewer than two reviewers", () => {
    expect(reviewerAgreement([])).toEqual([]);
    expect(reviewerAgreement([review("r1", "alice", "approved"), review("r2", "alice", "edited")])).toEqual(
      [],
    );
  });

  it("names the review and field that is wrong", () => {
    expect(
      usageMessage(
        () => reviewerAgreement([review("r1", "a", "ok"), review("", "b", "ok")]),
        "reviews[1].runId",
      ),
    ).toBe('reviews[1].runId: a non-empty string is needed, got ""');
    expect(usageMessage(() => reviewerAgreement([null as never]), "reviews[0]")).toBe(
      "reviews[0]: an object is needed, got null",
    );
  });
});
