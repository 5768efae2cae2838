/**
 * Completes jobs in batches: the ids that come while one statement is on its way go together in the next, so a
 * worker spends one queue statement per batch rather than per trial, and its slot is free before the statement ends.
 */
export interface CompletionBatch {
  /** Queues the job's completion; resolves once it was sent, with the error when the statement failed. */
  add(id: string): Promise<Error | undefined>;
}

export function completionBatch(complete: (ids: readonly string[]) => Promise<void>): CompletionBatch {
  let waiting: { id: string; settle(error: Error | undefined): void }[] = [];
  let sending = false;

  const send = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      let failure: Error | undefined;
      try {
        await complete(batch.map((entry) => entry.id));
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
      for (const entry of batch) entry.settle(failure);
    }
    sending = false;
  };

  return {
    add(id) {
      const done = new Promise<Error | undefined>((settle) => waiting.push({ id, settle }));
      if (!sending) {
        sending = true;
        void send();
      }
      return done;
    },
  };
}
