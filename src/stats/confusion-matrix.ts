import { checkArray, checkClassPair } from "./check-input.js";

/** How one class fared in a confusion matrix. */
export interface ClassScore {
  /** Items whose actual class is this one (the row's total). */
  support: number;
  /** Items predicted as this class (the column's total). */
  predicted: number;
  /** Of the items predicted as this class, the share that are: `undefined` when none was predicted as it. */
  precision: number | undefined;
  /** Of the items of this class, the share predicted as it: `undefined` when no item is of it. */
  recall: number | undefined;
}

/** Counts of actual class × predicted class. */
export interface ConfusionMatrix {
  /** Items counted. */
  n: number;
  /** Every class that occurs as actual or predicted, sorted by UTF-16 code units (locale-independent). */
  classes: string[];
  /**
   * `counts[actual][predicted]`: how many items of class `actual` were predicted as `predicted`, for every pair of
   * `classes` (zeros included). Keys are own properties made with `Object.fromEntries`, so a class named `__proto__`
   * or `constructor` is an ordinary entry.
   */
  counts: Record<string, Record<string, number>>;
  /** Precision and recall per class, keyed like `counts`. */
  perClass: Record<string, ClassScore>;
}

/** The confusion matrix of `[actual, predicted]` pairs (for a shadow comparison: `[human's class, agent's class]`). */
export function confusionMatrix(pairs: readonly (readonly [string, string])[]): ConfusionMatrix {
  checkArray(pairs, "pairs");
  const cells = new Map<string, Map<string, number>>();
  const names = new Set<string>();
  pairs.forEach((pair, index) => {
    const [actual, predicted] = checkClassPair(
      pair,
      `pairs[${index}]`,
      "a pair [actual, predicted] of class names (strings)",
    );
    names.add(actual).add(predicted);
    const row = cells.get(actual) ?? new Map<string, number>();
    row.set(predicted, (row.get(predicted) ?? 0) + 1);
    cells.set(actual, row);
  });
  const classes = [...names].sort();
  const count = (actual: string, predicted: string): number => cells.get(actual)?.get(predicted) ?? 0;
  const total = (of: (other: string) => number): number => classes.reduce((sum, other) => sum + of(other), 0);
  return {
    n: pairs.length,
    classes,
    counts: Object.fromEntries(
      classes.map((actual) => [
        actual,
        Object.fromEntries(classes.map((predicted) => [predicted, count(actual, predicted)])),
      ]),
    ),
    perClass: Object.fromEntries(
      classes.map((name): [string, ClassScore] => {
        const hits = count(name, name);
        const support = total((predicted) => count(name, predicted));
        const predicted = total((actual) => count(actual, name));
        return [
          name,
          {
            support,
            predicted,
            precision: predicted === 0 ? undefined : hits / predicted,
            recall: support === 0 ? undefined : hits / support,
          },
        ];
      }),
    ),
  };
}
