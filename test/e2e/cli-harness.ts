import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Runs the real, built `reins` binary in child processes that share one store and one effects file. */
export const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "bin/reins.js");

export interface Sandbox {
  dir: string;
  /** The store every command uses (REINS_STORE): a SQLite file in `dir`, or a PostgreSQL URL. */
  store: string;
  effects: string;
  env: NodeJS.ProcessEnv;
  input(name: string, value: unknown): string;
  reins(...args: string[]): { code: number | null; stdout: string; stderr: string };
  spawnReins(...args: string[]): ChildProcess;
  /** Like `reins`, without blocking this process (needed when this process serves the child, e.g. a fake server). */
  reinsAsync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * A sandbox whose store is a SQLite file of its own, or the store given (a PostgreSQL database's URL). With
 * `REINS_E2E_STORE=postgres`, every sandbox not given a store gets a fresh PostgreSQL database instead (created with
 * psql, left for the server's owner to drop): a way to run the whole CLI suite against PostgreSQL by hand.
 */
export function sandbox({ store: given }: { store?: string } = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), "reins-e2e-"));
  const store =
    given ?? (process.env.REINS_E2E_STORE === "postgres" ? postgresDatabase() : join(dir, "reins.db"));
  const effects = join(dir, "effects.jsonl");
  const env = { ...process.env, REINS_STORE: store, REINS_TEST_EFFECTS: effects };
  const spawnReins = (...args: string[]) =>
    spawn(process.execPath, [bin, ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  return {
    dir,
    store,
    effects,
    env,
    input(name, value) {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(value));
      return file;
    },
    reins(...args) {
      const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: "utf8" });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    spawnReins,
    reinsAsync(...args) {
      const child = spawnReins(...args);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => {
        stdout += String(chunk);
      });
      child.stderr.on("data", (chunk) => {
        stderr += String(chunk);
      });
      return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
    },
  };
}

/** Resolves once `check` is true, polling; rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 20_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A fresh database on the test server, by psql (synchronous, as `sandbox` is); its URL. */
function postgresDatabase(): string {
  const name = `reins_e2e_all_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const created = spawnSync(
    "psql",
    ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", `create database ${name}`],
    {
      encoding: "utf8",
    },
  );
  if (created.status !== 0) throw new Error(`PostgreSQL not reachable at 127.0.0.1:5432: ${created.stderr}`);
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}
