import type { NewEvalResult, Store } from "../store/store.js";

/** How results reach the store as trials end: in batches of `batchSize`, or sooner once `maxDelayMs` passed. */
export interface ResultWriterOptions {
  store: Store;
  evalId: string;
  /** Results per `putResults` (default 250). */
  batchSize?: number;
  /** How long a finished result may wait for its batch, in ms (default 1000). */
  maxDelayMs?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

export interface ResultWriter {
  /** Queues a result; resolves once it is queued, or once its batch is written when the batch is due. */
  add(result: NewEvalResult): Promise<void>;
  /** Writes what is queued; rejects with the store's error if any batch failed. */
  flush(): Promise<void>;
}

/**
 * Batches trial results into the store, one `putResults` at a time and in order. A trial whose result fills the
 * batch waits for the write, so that at most one batch per trial in flight is held in memory; a failed write fails
 * every later `add` and `flush` with its error, so that the evaluation stops rather than lose results quietly.
 */
export function resultWriter(options: ResultWriterOptions): ResultWriter {
  const batchSize = options.batchSize ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 1000;
  const now = options.now ?? Date.now;
  let pending: NewEvalResult[] = [];
  let lastWrite = now();
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const batch = pending;
    pending = [];
    lastWrite = now();
    writing = writing.then(async () => {
      if (batch.length > 0) await options.store.evals.putResults(options.evalId, batch);
    });
    return writing;
  };
  return {
    async add(result) {
      pending.push(result);
      if (pending.length >= batchSize || now() - lastWrite >= maxDelayMs) await flush();
    },
    flush,
  };
}
