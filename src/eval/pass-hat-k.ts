/** C(n, k) as a float, exact for the sizes evaluations use. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/**
 * pass^k (SPEC §2, as τ²-bench defines it): for each entry with `trials` independent trials of which `successes`
 * succeeded, the chance that k trials drawn without replacement all succeed, C(c, k) / C(n, k); averaged over the
 * entries. Every entry needs at least k trials.
 */
export function passHatK(counts: readonly { trials: number; successes: number }[], k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`passHatK: k must be a positive integer, got ${k}`);
  if (counts.length === 0) throw new RangeError("passHatK: no entries");
  let sum = 0;
  for (const { trials, successes } of counts) {
    if (!Number.isInteger(trials) || !Number.isInteger(successes) || successes < 0 || successes > trials) {
      throw new RangeError(`passHatK: invalid entry (trials ${trials}, successes ${successes})`);
    }
    if (trials < k) throw new RangeError(`passHatK: an entry has ${trials} trials, fewer than k = ${k}`);
    sum += choose(successes, k) / choose(trials, k);
  }
  return sum / counts.length;
}
