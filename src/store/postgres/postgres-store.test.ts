import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "../../audit/verify-audit.js";
import { ErrorCode } from "../../errors/codes.js";
import { SystemError, UserError } from "../../errors/reins-error.js";
import { rejectionOf } from "../contract/fixture.js";
import type { Store } from "../store.js";
import { type FreshDatabase, freshDatabase } from "./__fixtures__/fresh-database.js";
import { openPostgresStore } from "./postgres-store.js";

// What the contract cannot show with one store object: two stores on one database, each with its own pool (as two
// machines would have), writing at once; a snapshot read while the other writes; opening faults.

let database: FreshDatabase;
beforeAll(async () => {
  database = await freshDatabase("reins_pg_store");
}, 120_000);
// Creating and dropping a database waits for a server checkpoint: on a busy shared server that can take a while.
afterAll(async () => {
  await database?.drop();
}, 120_000);

async function twoStores(): Promise<[Store, Store]> {
  const a = await openPostgresStore({ url: database.url, migrate: true });
  const b = await openPostgresStore({ url: database.url, migrate: true });
  return [a, b];
}

describe("two PostgreSQL stores on one database (two machines)", () => {
  it("append lifecycle events at once without forking the store chain: every entry once, in one chain", async () => {
    const [a, b] = await twoStores();
    try {
      const runsOf = (store: Store, prefix: string) =>
        Array.from({ length: 15 }, async (_, i) => {
          const runId = `${prefix}-${i}`;
          await store.audit.append({ runId, type: "run.started", data: { i } });
          await store.commit({
            runId,
            events: [
              { runId, type: "tool.executed", data: { i } },
              { runId, type: "run.ended", data: { status: "completed" } },
            ],
          });
        });
      await Promise.all([...runsOf(a, "a"), ...runsOf(b, "b")]);
      const chain = await a.audit.chain();
      expect(chain.map((entry) => entry.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const report = await verifyAudit(b);
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ ok: true, runs: 30, events: 90, storeEntries: 60 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("append certificates at once: one chain, each seq once", async () => {
    const [a, b] = await twoStores();
    try {
      const certificate = (id: string) => ({
        id,
        charter: "c",
        charterVersion: "1",
        levels: { approve: { read: "draft" } },
        level: "draft",
        evidenceDigest: "0".repeat(64),
        promotedBy: "tester",
        validForMs: 60_000,
      });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b).certificates.append(certificate(`cert-pg-${i}`)),
        ),
      );
      const list = await a.certificates.list({ charter: "c" });
      expect(list.map((c) => c.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      for (let i = 1; i < list.length; i++) expect(list[i]?.prevHash).toBe(list[i - 1]?.hash);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("honour one run's lease across stores: the other store cannot take it or write under it", async () => {
    const [a, b] = await twoStores();
    try {
      const run = {
        id: "run-lease-pg",
        charter: "c",
        charterVersion: "1",
        status: "running" as const,
        autonomy: "draft",
        agent: "function:test",
        input: {},
        outcome: null,
        checkpoint: null,
      };
      await a.runs.create(run);
      expect(await a.runs.lease(run.id, { holder: "host-a:1:x", ttlMs: 60_000 })).toEqual({ acquired: true });
      const refused = await b.runs.lease(run.id, { holder: "host-b:2:y", ttlMs: 60_000 });
      expect(refused).toMatchObject({ acquired: false, lease: { holder: "host-a:1:x" } });
      const error = await rejectionOf(
        b.commit({
          runId: run.id,
          events: [{ runId: run.id, type: "tool.executed", data: {} }],
          run: { status: "completed" },
          lease: { holder: "host-b:2:y" },
        }),
      );
      expect(error).toMatchObject({ code: ErrorCode.RunLeaseLost });
      expect(await a.audit.list(run.id)).toEqual([]);
      expect((await a.runs.get(run.id))?.status).toBe("running");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("readConsistent reads one snapshot: what the other store commits meanwhile is not seen inside it", async () => {
    const [a, b] = await twoStores();
    try {
      await a.audit.append({ runId: "snap-1", type: "run.started", data: {} });
      const inside = await a.readConsistent?.(async () => {
        const before = await a.audit.heads();
        await b.audit.append({ runId: "snap-2", type: "run.started", data: {} });
        await b.audit.append({ runId: "snap-1", type: "tool.executed", data: {} });
        const after = await a.audit.heads();
        const events = await a.audit.list("snap-1");
        return { before, after, events: events.length };
      });
      expect(inside?.after).toEqual(inside?.before);
      expect(inside?.events).toBe(1);
      const heads = (await a.audit.heads()).filter((h) => h.runId.startsWith("snap-"));
      expect(heads.map((h) => [h.runId, h.count])).toEqual([
        ["snap-1", 2],
        ["snap-2", 1],
      ]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("opening a PostgreSQL store", () => {
  it("migrates a fresh database once when two processes open it with `migrate` at the same time", async () => {
    const empty = await freshDatabase("reins_pg_migrate");
    try {
      const applied: (readonly string[])[] = [];
      const open = () =>
        openPostgresStore({ url: empty.url, migrate: true, onMigrated: (names) => applied.push(names) });
      const [a, b] = await Promise.all([open(), open()]);
      await a.workflows.set("c", { paused: true });
      expect((await b.workflows.get("c")).paused).toBe(true);
      await a.close();
      await b.close();
      expect(applied.map((names) => names.length).sort()).toEqual([0, 9]);
      const plain = await openPostgresStore({ url: empty.url, migrate: true });
      await plain.close();
      const { rows } = await empty.query("select name from reins_migration order by name");
      expect(rows.map((row: { name: string }) => row.name)).toEqual(
        applied.find((names) => names.length > 0),
      );
    } finally {
      await empty.drop();
    }
  });

  it("refuses a database not migrated, saying to run `reins migrate`, and creates nothing", async () => {
    const empty = await freshDatabase("reins_pg_unmigrated");
    try {
      const error = await rejectionOf(openPostgresStore({ url: empty.url }));
      expect(SystemError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: ErrorCode.StoreFailure });
      expect((error as Error).message).toMatch(
        /^the Reins database at postgres:\/\/postgres@127\.0\.0\.1:5432\/reins_pg_unmigrated_\w+ is not migrated \(pending: 0001_initial, .*\); run `reins migrate --store postgres:\/\/postgres@127\.0\.0\.1:5432\/reins_pg_unmigrated_\w+` first/,
      );
      const { rows } = await empty.query("select tablename from pg_tables where schemaname = 'public'");
      expect(rows).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  it("a server that refuses: a UserError naming the URL with the password redacted", async () => {
    const error = await rejectionOf(
      openPostgresStore({ url: "postgres://reins:s3cret-pass@127.0.0.1:1/reins", migrate: true }),
    );
    expect(UserError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: ErrorCode.StoreUnreachable,
      message:
        "cannot reach the Reins store at postgres://reins:***@127.0.0.1:1/reins: the connection was refused (is the server running, on that port?)",
    });
    expect(
      JSON.stringify({ message: (error as Error).message, hint: (error as UserError).hint }),
    ).not.toContain("s3cret");
  });

  it("a server that accepts the connection but never answers: fails after the connection timeout", async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const error = await rejectionOf(
        openPostgresStore({ url: `postgres://u:pw@127.0.0.1:${port}/db`, connectTimeoutMs: 300 }),
      );
      expect(error).toMatchObject({
        code: ErrorCode.StoreUnreachable,
        message: `cannot reach the Reins store at postgres://u:***@127.0.0.1:${port}/db: no answer within the connection timeout`,
      });
    } finally {
      silent.close();
    }
  });

  it("a database that does not exist: says so and how to create it", async () => {
    const error = await rejectionOf(
      openPostgresStore({ url: "postgres://postgres@127.0.0.1:5432/reins_no_such_database_here" }),
    );
    expect(error).toMatchObject({
      code: ErrorCode.StoreUnreachable,
      message:
        "cannot reach the Reins store at postgres://postgres@127.0.0.1:5432/reins_no_such_database_here: the database does not exist (create it, e.g. `createdb`, then `reins migrate`)",
    });
  });
});
