import { afterAll } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { type FreshDatabase, freshDatabase } from "../../src/store/postgres/__fixtures__/fresh-database.js";
import type { Store } from "../../src/store/store.js";
import { type Sandbox, sandbox } from "./cli-harness.js";

/**
 * The stores the cross-process tests run on: the SQLite file, and a PostgreSQL database of the test's own (created
 * on the real server, dropped after the file's tests). Without the server the PostgreSQL tests fail saying so.
 */
export interface StoreBackend {
  name: "SQLite" | "PostgreSQL";
  /** A sandbox on a fresh store of this kind. */
  sandbox(): Promise<Sandbox>;
  /** Opens the sandbox's store from this process (as another machine would). */
  open(s: Sandbox): Promise<Store>;
  /** Runs SQL on the sandbox's store as its owner (to tamper with a row). */
  execute(s: Sandbox, text: string, values: unknown[]): Promise<void>;
}

export function storeBackends(): StoreBackend[] {
  const databases: FreshDatabase[] = [];
  // Dropping a database waits for a server checkpoint: on a busy shared server that can take a while.
  afterAll(async () => {
    for (const database of databases) await database.drop();
  }, 120_000);
  const byUrl = (s: Sandbox) => databases.find((d) => d.url === s.store) as FreshDatabase;
  return [
    {
      name: "SQLite",
      sandbox: async () => sandbox(),
      open: (s) => openStore(s.store),
      async execute(s, text, values) {
        const { default: Database } = await import("better-sqlite3");
        const db = new Database(s.store);
        // The SQL is written with PostgreSQL's $1, $2… placeholders, each used once and in order.
        db.prepare(text.replaceAll(/\$\d+/g, "?")).run(...values);
        db.close();
      },
    },
    {
      name: "PostgreSQL",
      async sandbox() {
        const database = await freshDatabase("reins_e2e");
        databases.push(database);
        return sandbox({ store: database.url });
      },
      open: (s) => openStore(s.store),
      async execute(s, text, values) {
        await byUrl(s).query(text, values);
      },
    },
  ];
}
