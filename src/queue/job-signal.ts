import type pg from "pg";

/** A connection that LISTENs on a channel and hands each notification's payload on. */
export interface JobSignal {
  /** Ends the connection; no more notifications are handed on. */
  close(): Promise<void>;
}

export interface JobSignalOptions {
  url: string;
  /** The channel name, as `pg_notify` is given it. */
  channel: string;
  connectTimeoutMs: number;
  /** Called with each notification's payload, and with `undefined` after a reconnection (one may have been missed). */
  onSignal(payload: string | undefined): void;
  /** Wait before connecting again after the connection was lost, in ms. */
  reconnectDelayMs?: number;
  onError?(error: Error): void;
}

/**
 * Listens for job notifications on a connection of its own (LISTEN holds its connection; a pooled one would be handed
 * to other queries). A lost connection (a server restart) is opened again after a delay, for as long as the signal is
 * open; meanwhile the workers' polling still finds jobs, only later.
 */
export function listenForJobs(options: JobSignalOptions): JobSignal {
  const delay = options.reconnectDelayMs ?? 1000;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let connected = false;

  const connect = async () => {
    retry = undefined;
    if (closed) return;
    // Loaded here, as pg-boss is: a CLI that never uses the queue does not load the driver.
    const { default: driver } = await import("pg");
    if (closed) return;
    const next = new driver.Client({
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs,
      application_name: "reins",
    });
    client = next;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (error && !closed) options.onError?.(error);
      next.end().catch(() => {});
      if (client === next) client = undefined;
      if (!closed) retry = setTimeout(connect, delay);
    };
    next.on("error", onLost);
    next.on("end", () => onLost());
    next.on("notification", (message) => {
      if (message.channel === options.channel) options.onSignal(message.payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${quoteIdentifier(options.channel)}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    // After a reconnection: jobs announced while the connection was down are found at once.
    if (connected) options.onSignal(undefined);
    connected = true;
  };
  void connect();

  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      await last?.end().catch(() => {});
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
