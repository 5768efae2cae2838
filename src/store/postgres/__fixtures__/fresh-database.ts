import { randomUUID } from "node:crypto";
import pg from "pg";

/**
 * The test server: PostgreSQL on loopback, trust auth, user postgres (`.ci/run` starts it if it is down).
 * `REINS_TEST_PG_PORT` points the tests at another port (to see what they say when no server is there).
 */
export const testServer = {
  host: "127.0.0.1",
  port: Number(process.env.REINS_TEST_PG_PORT ?? 5432),
  user: "postgres",
} as const;

/** A database of its own for one test (or test file): created empty from `postgres`, dropped by `drop`. */
export interface FreshDatabase {
  name: string;
  url: string;
  /** Runs SQL as the superuser on this database (to tamper with rows, set it read-only, and such). */
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>, database = "postgres"): Promise<T> {
  const client = new pg.Client({
    host: testServer.host,
    port: testServer.port,
    user: testServer.user,
    database,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL not reachable at ${testServer.host}:${testServer.port}: start it with ` +
        "`pg_ctlcluster --skip-systemctl-redirect 15 main start` (or run .ci/run, which starts it); " +
        `these tests need the real server (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates a fresh, empty database named after `prefix` and a random suffix, so that test files running in parallel
 * (and other users of the server) never share one. Fails, never skips, when the server is not reachable.
 */
export async function freshDatabase(prefix = "reins_test"): Promise<FreshDatabase> {
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`.toLowerCase();
  await admin((client) => client.query(`create database "${name}" template template0`));
  return {
    name,
    url: `postgres://${testServer.user}@${testServer.host}:${testServer.port}/${name}`,
    query: (text, values) => admin((client) => client.query(text, values), name),
    drop: () =>
      admin((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
