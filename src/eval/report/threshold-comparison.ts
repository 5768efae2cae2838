/** Decimals of a percentage tried before giving up on telling two shares apart (doubles run out past this). */
const maxDecimals = 12;

/**
 * The fewest decimals (of a percentage, at least `min`) at which `actual` and `required` print differently, so
 * that a strict comparison is visible: 0.9797 against 0.98 needs two (`97.97%` and `98.00%`). Equal shares need
 * only `min`. Rounding is monotonic, so once the two differ, their printed order is their real order.
 */
export function comparisonDecimals(actual: number, required: number, min = 1): number {
  if (actual === required) return min;
  for (let decimals = min; decimals <= maxDecimals; decimals++) {
    if (percent(actual, decimals) !== percent(required, decimals)) return decimals;
  }
  return maxDecimals;
}

/** A share as a percentage with `decimals` decimals: `97.97%`. */
export function percent(share: number, decimals: number): string {
  return `${(share * 100).toFixed(decimals)}%`;
}

/**
 * A threshold check as text, `97.97% < 98.00%` or `98.0% ≥ 98.0%`: both sides with enough decimals to show
 * the comparison, so a fail never prints as its threshold.
 */
export function thresholdComparison(actual: number, required: number): string {
  const decimals = comparisonDecimals(actual, required);
  return `${percent(actual, decimals)} ${actual >= required ? "≥" : "<"} ${percent(required, decimals)}`;
}
