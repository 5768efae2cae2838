/** Side-by-side timing of several ways of doing one thing, interleaved so that machine noise hits all of them. */

/** One way of making call number `i`. */
export interface Variant {
  label: string;
  /** Untimed work before call `i` (opening the next run). */
  before?(i: number): Promise<void>;
  /** The timed work. */
  call(i: number): unknown;
  /** Throws unless the call succeeded, so that the bench never times a denial or a failure. */
  expect(result: unknown): void;
}

export interface Plan {
  warmup: number;
  calls: number;
  block: number;
}

/**
 * Runs every variant `warmup + calls` times, in blocks of `block` calls, rotating which variant goes first in each
 * round, so that machine noise lands on all of them alike. Returns the measured (post-warm-up) samples in ns.
 */
export async function measure(variants: readonly Variant[], plan: Plan): Promise<number[][]> {
  const total = plan.warmup + plan.calls;
  const samples = variants.map(() => [] as number[]);
  const next = variants.map(() => 0);
  for (let round = 0; round * plan.block < total; round++) {
    for (let k = 0; k < variants.length; k++) {
      const v = (round + k) % variants.length;
      const variant = variants[v] as Variant;
      for (let j = 0; j < plan.block && (next[v] as number) < total; j++) {
        const i = next[v] as number;
        next[v] = i + 1;
        await variant.before?.(i);
        const start = process.hrtime.bigint();
        const pending = variant.call(i);
        const result = pending instanceof Promise ? await pending : pending;
        const elapsed = Number(process.hrtime.bigint() - start);
        variant.expect(result);
        if (i >= plan.warmup) samples[v]?.push(elapsed);
      }
    }
  }
  return samples;
}
