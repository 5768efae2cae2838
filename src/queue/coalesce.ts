/**
 * Sends items in batches: the items that come while one batch is on its way go together in the next. A worker then
 * spends one statement per batch rather than one per trial, and the batches grow by themselves when the statements
 * are slow (a store or queue another process holds locked), where that saves the most.
 */
export interface Coalescer<T> {
  /** Queues the item; resolves once its batch was sent, or rejects with the item's error. */
  add(item: T): Promise<void>;
}

/** `send` answers, for each item of the batch in order, its error or undefined; a throw is every item's error. */
export function coalesce<T>(
  send: (items: readonly T[]) => Promise<readonly (Error | undefined)[]>,
): Coalescer<T> {
  let waiting: { item: T; settle(error: Error | undefined): void }[] = [];
  let sending = false;

  const drain = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      let errors: readonly (Error | undefined)[];
      try {
        errors = await send(batch.map((entry) => entry.item));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        errors = batch.map(() => failure);
      }
      batch.forEach((entry, i) => {
        entry.settle(errors[i]);
      });
    }
    sending = false;
  };

  return {
    add(item) {
      const done = new Promise<void>((resolve, reject) =>
        waiting.push({ item, settle: (error) => (error ? reject(error) : resolve()) }),
      );
      if (!sending) {
        sending = true;
        void drain();
      }
      return done;
    },
  };
}
