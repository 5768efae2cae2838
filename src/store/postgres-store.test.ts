import { afterAll, expect } from "vitest";
import { type FreshDatabase, freshDatabase } from "./postgres/__fixtures__/fresh-database.js";
import { openPostgresStore } from "./postgres/postgres-store.js";
import { describeStoreContract } from "./store-contract.js";

// The store contract against the real PostgreSQL server. This file has a database of its own (created here,
// dropped at the end), migrated once; each test starts from its tables emptied, as a fresh store.
let contractDatabase: Promise<FreshDatabase> | undefined;
// Dropping a database waits for a server checkpoint: on a busy shared server that can take a while.
afterAll(async () => {
  await (await contractDatabase)?.drop();
}, 120_000);

/** Every table the migrations made, but the migrations' own. */
async function emptyTables(database: FreshDatabase): Promise<void> {
  const { rows } = await database.query(
    "select tablename from pg_tables where schemaname = 'public' and tablename not like 'reins_migration%'",
  );
  const names = rows.map((row: { tablename: string }) => `"${row.tablename}"`);
  expect(names.length).toBeGreaterThan(10);
  await database.query(`truncate ${names.join(", ")}`);
}

describeStoreContract("PostgreSQL", async ({ now }) => {
  const first = contractDatabase === undefined;
  contractDatabase ??= freshDatabase("reins_contract");
  const database = await contractDatabase;
  if (!first) await emptyTables(database);
  const store = await openPostgresStore({ url: database.url, migrate: first, now });
  return { store, cleanup: () => store.close() };
});
