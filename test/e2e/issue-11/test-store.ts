import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuditLog, createAuditLog } from "reins/audit";
import { openSqliteStore, type Store } from "reins/store";
import { afterEach, beforeEach } from "vitest";

/** A real SQLite file in a fresh temp folder, opened as a user opens it, with its audit log. */
export interface TestStore {
  path: string;
  store: Store;
  audit: AuditLog;
}

export async function openTestStore(): Promise<TestStore> {
  const path = join(mkdtempSync(join(tmpdir(), "reins-issue-11-")), "reins.db");
  const store = await openSqliteStore({ path, migrate: true });
  return { path, store, audit: createAuditLog({ store }) };
}

/** A fresh store for every test of the file, closed after it. Call once at the top of a test file. */
export function useTestStore(): TestStore {
  const t = {} as TestStore;
  beforeEach(async () => {
    Object.assign(t, await openTestStore());
  });
  afterEach(async () => {
    await t.store.close();
  });
  return t;
}
