import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { GENESIS_HASH } from "../audit-event/event-hash.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";
import { createAuditLog } from "./audit-log.js";
import { verifyAudit } from "./verify-audit.js";

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "reins-audit-log-"));
  store = await openSqliteStore({
    path: join(dir, "reins.db"),
    migrate: true,
    now: () => new Date("2025-01-01T00:00:00.000Z"),
  });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it("redacts configured fields and secrets before they reach the store", async () => {
  const log = createAuditLog({ store, redact: { fields: ["form.phone"] } });
  const data = {
    input: { form: { phone: "+1 555 0100", email: "jo@acme.com" } },
    headers: { authorization: "Bearer abcdefghijklmnop" },
    note: "key sk-ant-api03-abcdefghijklmnopqrstuvwx leaked",
  };
  const event = await log.append({ runId: "run-1", type: "run.started", data });
  const redacted = {
    input: { form: { phone: "[REDACTED]", email: "jo@acme.com" } },
    headers: { authorization: "[REDACTED]" },
    note: "key [REDACTED] leaked",
  };
  expect([event.seq, event.prevHash, event.data]).toEqual([1, GENESIS_HASH, redacted]);
  expect(await store.audit.list("run-1")).toEqual([event]);
  expect(await log.list("run-1")).toEqual([event]);
  expect(data.input.form.phone).toBe("+1 555 0100");
  expect(await verifyAudit(store)).toEqual({
    ok: true,
    runs: 1,
    events: 1,
    storeEntries: 1,
    certificates: 0,
    keyed: 0,
    unchecked: 0,
    problems: [],
  });
});

it("redacts secrets even with no fields configured", async () => {
  const log = createAuditLog({ store });
  const event = await log.append({
    runId: "run-1",
    type: "tool.executed",
    data: { output: { apiKey: "k" } },
  });
  expect(event.data).toEqual({ output: { apiKey: "[REDACTED]" } });
});
