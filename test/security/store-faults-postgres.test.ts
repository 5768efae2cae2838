// Issue 16, item 5 (the store's part): faults of a PostgreSQL store, each through the real binary (run `npx tsup`
// first) against the real server on 127.0.0.1:5432: a store URL of a kind Reins does not know, a server that
// refuses or never answers, a database set read-only, and a full disk (the database's tablespace on a 3 MiB tmpfs).
// In each, the command fails with a clear error naming the store (password redacted) — exit 2 for where the URL
// points, exit 1 with the store failure's code for the server's state — and nothing already recorded is lost.
//
// The tmpfs needs root, as CI has: where mount is refused the test fails saying so, it does not skip.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshDatabase } from "../../src/store/postgres/__fixtures__/fresh-database.js";
import { root, type Sandbox, sandbox } from "../e2e/cli-harness.js";
import { type PrivatePostgres, startPrivatePostgres } from "../e2e/private-postgres.js";
import { storeBackends } from "../e2e/store-backends.js";

const workflow = join(root, "test/fixtures/effects-workflow");
const bin = join(root, "bin/reins.js");

/** `reins` run in `cwd` (not the repository), so that what it creates there can be looked at. */
function reinsIn(s: Sandbox, cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: s.env,
    encoding: "utf8",
    // A bound on every wait: a command that hung would fail here instead of holding the suite.
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectNoStack(stderr: string) {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain("internal error");
}

describe("store locations", () => {
  it("a scheme Reins does not know is a located error (exit 2), never a folder named after it", () => {
    const s = sandbox();
    const cwd = join(s.dir, "cwd");
    mkdirSync(cwd);
    const input = s.input("in.json", { steps: 1 });
    for (const url of ["mysql://root:hunter2@127.0.0.1/reins", "redis://127.0.0.1:6379"]) {
      const run = reinsIn(s, cwd, "run", workflow, "--input", input, "--store", url);
      expectNoStack(run.stderr);
      expect(run.code).toBe(2);
      const scheme = url.split(":")[0];
      expect(run.stderr).toContain(`(--store) has a scheme Reins does not know ("${scheme}://")`);
      expect(run.stderr).toContain(
        "hint: supported: a SQLite file path (e.g. .reins/reins.db), postgres://… or postgresql://…",
      );
      expect(run.stderr).not.toContain("hunter2");
    }
    const viaEnv = reinsIn(
      { ...s, env: { ...s.env, REINS_STORE: "redis://127.0.0.1:6379" } },
      cwd,
      "approvals",
      "list",
    );
    expect(viaEnv).toMatchObject({ code: 2 });
    expect(viaEnv.stderr).toContain('the store "redis://127.0.0.1:6379" (REINS_STORE) has a scheme');
    // Before this, `--store postgres://…` created a SQLite file in a folder named `postgres:`.
    const pg = reinsIn(
      s,
      cwd,
      "run",
      workflow,
      "--input",
      input,
      "--store",
      "postgres://postgres@127.0.0.1:1/x",
    );
    expect(pg.code).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("a PostgreSQL server that cannot be reached", () => {
  it("refusing: the URL with its password redacted, exit 2, for a command that writes and one that reads", () => {
    const s = sandbox();
    const url = "postgres://reins:s3cret-pass@127.0.0.1:1/reins";
    for (const args of [
      ["run", workflow, "--input", s.input("in.json", { steps: 1 })],
      ["audit", "verify"],
    ]) {
      const result = reinsIn(s, s.dir, ...args, "--store", url);
      expectNoStack(result.stderr);
      expect(result).toMatchObject({
        code: 2,
        stderr:
          "cannot reach the Reins store at postgres://reins:***@127.0.0.1:1/reins: the connection was refused (is the server running, on that port?)\n" +
          "hint: check the URL (--store or REINS_STORE) and that the server is up and accepts this user\n",
      });
    }
  });

  it("accepting the connection but never answering: exit 2 after the connection timeout, not a hang", async () => {
    const s = sandbox();
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const result = await s.reinsAsync(
        "approvals",
        "list",
        "--store",
        `postgres://u:pw@127.0.0.1:${port}/db`,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `cannot reach the Reins store at postgres://u:***@127.0.0.1:${port}/db: no answer within the connection timeout`,
      );
    } finally {
      silent.close();
    }
  });
});

describe("a PostgreSQL store whose server cannot take writes", () => {
  const [, postgres] = storeBackends();
  const recordRun = (s: Sandbox) => {
    const result = s.reins("run", workflow, "--input", s.input("in.json", { steps: 2 }));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  };

  it("a read-only database: a command that writes fails naming it (exit 1, REINS_STORE); reads work; nothing lost", async () => {
    const s = await (postgres as NonNullable<typeof postgres>).sandbox();
    recordRun(s);
    const before = s.reins("audit", "verify");
    expect(before.stdout).toMatch(/^audit log intact: \d+ events in 1 chains, 2 store chain entries\n$/);
    const name = new URL(s.store).pathname.slice(1);
    const admin = await freshDatabase("reins_ro_admin");
    try {
      await admin.query(`alter database "${name}" set default_transaction_read_only = on`);
      const run = s.reins("run", workflow, "--input", s.input("in2.json", { steps: 1 }));
      expectNoStack(run.stderr);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`the Reins store (PostgreSQL ${s.store})`);
      expect(run.stderr).toContain("cannot execute INSERT in a read-only transaction");
      expect(run.stderr).toContain("the database is read-only");
      expect(run.stderr).toContain("[REINS_STORE]");
      expect(s.reins("audit", "verify")).toMatchObject({ code: 0, stdout: before.stdout });
      expect(s.reins("approvals", "list")).toMatchObject({ code: 0 });
      await admin.query(`alter database "${name}" reset default_transaction_read_only`);
      expect(s.reins("audit", "verify")).toMatchObject({ code: 0, stdout: before.stdout });
    } finally {
      await admin
        .query(`alter database "${name}" reset default_transaction_read_only`)
        .catch(() => undefined);
      await admin.drop();
    }
  });

  describe("a full disk (the database's tablespace on a 3 MiB tmpfs)", () => {
    const s = sandbox();
    // The server's own user must reach the tablespace's folder: the sandbox's folder is owner-only.
    chmodSync(s.dir, 0o755);
    const mount = join(s.dir, "small-disk");
    const name = `reins_full_${Date.now().toString(36)}`;
    // A server of the test's own: once the tablespace is full the server's checkpoints fail, and on the shared server
    // so would every other test's CREATE or DROP DATABASE meanwhile ("checkpoint request failed").
    let server: PrivatePostgres | undefined;
    let mounted = false;
    afterAll(() => {
      server?.destroy();
      if (mounted) execFileSync("umount", [mount]);
      rmSync(s.dir, { recursive: true, force: true });
    });

    it("the write that does not fit fails naming the store and what it means (exit 1); every run before it is kept", async () => {
      mkdirSync(mount, { recursive: true });
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mount], { stdio: "pipe" });
      } catch (error) {
        throw new Error(
          `this test needs a 3 MiB tmpfs (mount -t tmpfs, as root) and mount was refused: ${String((error as { stderr?: unknown }).stderr ?? error)}`,
        );
      }
      mounted = true;
      // The server's own user must own a tablespace's folder.
      const { uid, gid } = postgresUser();
      chownSync(mount, uid, gid);
      server = await startPrivatePostgres();
      await queryAt(server.url, `create tablespace "${name}" location '${mount}'`);
      await queryAt(server.url, `create database "${name}" template template0 tablespace "${name}"`);
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      const store = url.toString();
      expect(s.reins("migrate", "--store", store).code).toBe(0);
      const input = s.input("big.json", { steps: 30 });
      let completed = 0;
      let failure: { code: number | null; stderr: string; stdout: string } | undefined;
      for (let i = 0; i < 60 && failure === undefined; i++) {
        const run = s.reins("run", workflow, "--input", input, "--store", store);
        if (run.code === 0) completed++;
        else failure = run;
      }
      expect(failure, "the tmpfs never filled up").toBeDefined();
      const { code, stderr, stdout } = failure as { code: number | null; stderr: string; stdout: string };
      expectNoStack(stderr);
      expect(code).toBe(1);
      // The store fails inside the run: the run ends failed, its outcome naming the store error (printed with the
      // run's result), or the command itself fails with it (on stderr) when the run could not even start.
      const said = `${stdout}\n${stderr}`;
      expect(said).toContain(`the Reins store (PostgreSQL ${store})`);
      expect(said).toContain("No space left on device");
      expect(said).toContain(
        "the disk holding the database server's data is full: free some space on the server and run again (what the store already holds is kept)",
      );
      expect(said).toContain("[REINS_STORE]");
      expect(completed).toBeGreaterThan(0);
      // Everything recorded before is there and verifies: each completed run, and the one cut short so far.
      const verify = s.reins("audit", "verify", "--store", store);
      expect(verify.code, verify.stdout).toBe(0);
      expect(verify.stdout).toMatch(new RegExp(`^audit log intact: \\d+ events in ${completed + 1} chains`));
      const runs = await queryAt(
        store,
        "select status, count(*)::int as n from runs group by status order by status",
      );
      // The run cut short is kept: still running (its end could not be written), or failed (the small write of its
      // end fitted where the step before did not); either way every completed run is there.
      expect(runs).toHaveLength(2);
      expect(runs[0]).toEqual({ status: "completed", n: completed });
      const cutShort = runs[1] as { status: string; n: number };
      expect(["running", "failed"]).toContain(cutShort.status);
      expect(cutShort.n).toBe(1);
    }, 240_000);
  });
});

function postgresUser(): { uid: number; gid: number } {
  const line = execFileSync("getent", ["passwd", "postgres"], { encoding: "utf8" }).trim();
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

async function queryAt(url: string, text: string): Promise<unknown[]> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
