import { describe, expect, it } from "vitest";
import { usageMessage } from "./__fixtures__/usage-message.js";
import { confusionMatrix } from "./confusion-matrix.js";

describe("confusionMatrix", () => {
  it("counts actual × predicted with precision and recall per class", () => {
    // (a,a)×3 (a,b) (b,b)×2 (b,d) (c,a): rows a = 3,1,0,0; b = 0,2,0,1; c = 1,0,0,0; d = 0,0,0,0.
    // a: precision 3/(3+1) = 0.75, recall 3/4 = 0.75; b: precision 2/(1+2), recall 2/3; c: never predicted → precision
    // undefined, recall 0/1 = 0; d: predicted once, never actual → precision 0/1 = 0, recall undefined.
    const pairs: [string, string][] = [
      ["a", "a"],
      ["a", "a"],
      ["a", "a"],
      ["a", "b"],
      ["b", "b"],
      ["b", "b"],
      ["b", "d"],
      ["c", "a"],
    ];
    expect(confusionMatrix(pairs)).toEqual({
      n: 8,
      classes: ["a", "b", "c", "d"],
      counts: {
        a: { a: 3, b: 1, c: 0, d: 0 },
        b: { a: 0, b: 2, c: 0, d: 1 },
        c: { a: 1, b: 0, c: 0, d: 0 },
        d: { a: 0, b: 0, c: 0, d: 0 },
      },
      perClass: {
        a: { support: 4, predicted: 4, precision: 0.75, recall: 0.75 },
        b: { support: 3, predicted: 3, precision: 2 / 3, recall: 2 / 3 },
        c: { support: 1, predicted: 0, precision: undefined, recall: 0 },
        d: { support: 0, predicted: 1, precision: 0, recall: undefined },
      },
    });
  });

  it("sorts classes by code units, not by locale", () => {
    expect(
      confusionMatrix([
        ["b", "B"],
        ["a", "escalation:missing_data"],
      ]).classes,
    ).toEqual(["B", "a", "b", "escalation:missing_data"]);
  });

  it("keeps a class named __proto__ or constructor as an ordinary entry", () => {
    const proto = "__proto__";
    const matrix = confusionMatrix([[proto, "constructor"]]);
    expect(Object.keys(matrix.counts)).toEqual([proto, "constructor"]);
    expect(Object.entries(matrix.counts[proto]!)).toEqual([
      [proto, 0],
      ["constructor", 1],
    ]);
    expect(Object.getPrototypeOf(matrix.counts)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(matrix.counts[proto])).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(matrix.perClass)).constructor).toEqual({
      support: 0,
      predicted: 1,
      precision: 0,
    });
  });

  it("is empty for no pairs", () => {
    expect(confusionMatrix([])).toEqual({ n: 0, classes: [], counts: {}, perClass: {} });
  });

  it("refuses a pair that is not two strings", () => {
    expect(usageMessage(() => confusionMatrix([["a"]] as never), "pairs[0]")).toMatch(
      /^pairs\[0\]: a pair \[actual, predicted\]/,
    );
  });
});
