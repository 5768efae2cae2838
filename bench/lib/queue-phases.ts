/** Where a queued eval's wall time went, read from pg-boss's job table (its jobs' start and completion times). */
import pg from "pg";

/** Times in seconds from the moment the coordinator said the trials were queued. */
export interface QueuePhases {
  /** The first trial job taken by a worker. */
  firstStart: number;
  /** When every slot of every worker first held a trial at once (undefined: never). */
  slotsFull: number | undefined;
  /** The last trial job taken. */
  lastStart: number;
  /** The last trial job completed. */
  lastComplete: number;
  /** The coordinator's exit (report written, connections closed). */
  exit: number;
  /** Mean time a job was active (taken to completed: the trial, its result written, its completion). */
  meanJobSeconds: number;
  /** Trials in flight on average from the first start to the last completion, out of the slots. */
  meanInFlight: number;
}

export async function queuePhases(options: {
  url: string;
  schema: string;
  evalId: string;
  /** Epoch ms of the queued line and of the coordinator's exit. */
  queuedAt: number;
  exitAt: number;
  slots: number;
}): Promise<QueuePhases> {
  const client = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5000 });
  await client.connect();
  let rows: { started: number; completed: number }[];
  try {
    ({ rows } = await client.query(
      `SELECT extract(epoch FROM started_on) * 1000 AS started, extract(epoch FROM completed_on) * 1000 AS completed
       FROM ${options.schema}.job WHERE data->>'evalId' = $1 AND state = 'completed'`,
      [options.evalId],
    ));
  } finally {
    await client.end();
  }
  const jobs = rows.map((r) => ({ started: Number(r.started), completed: Number(r.completed) }));
  if (jobs.length === 0) throw new Error(`no completed jobs of ${options.evalId} in the queue`);
  const at = (ms: number) => (ms - options.queuedAt) / 1000;
  const starts = jobs.map((j) => j.started).sort((a, b) => a - b);
  const ends = jobs.map((j) => j.completed).sort((a, b) => a - b);
  const first = starts[0] as number;
  const last = ends[ends.length - 1] as number;
  // Sweep the starts and completions in time order: the first moment every slot is busy.
  const events = [...starts.map((t) => ({ t, d: 1 })), ...ends.map((t) => ({ t, d: -1 }))].sort(
    (a, b) => a.t - b.t || a.d - b.d,
  );
  let active = 0;
  let slotsFull: number | undefined;
  for (const e of events) {
    active += e.d;
    if (slotsFull === undefined && active >= options.slots) slotsFull = e.t;
  }
  const busy = jobs.reduce((sum, j) => sum + (j.completed - j.started), 0);
  return {
    firstStart: at(first),
    slotsFull: slotsFull === undefined ? undefined : at(slotsFull),
    lastStart: at(starts[starts.length - 1] as number),
    lastComplete: at(last),
    exit: at(options.exitAt),
    meanJobSeconds: busy / jobs.length / 1000,
    meanInFlight: busy / (last - first),
  };
}
