import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { root } from "./cli-harness.js";

const bin = join(root, "bin", "reins.js");
/** The shared test server (CI starts it). */
export const sharedServer = process.env.REINS_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A database of its own on a server, so that no other test's workers take this test's jobs; dropped by `drop`. */
export async function createDatabase(
  serverUrl = sharedServer,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `eval_queue_${randomUUID().slice(0, 8)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
    await client.connect().catch((error: unknown) => {
      throw new Error(
        `PostgreSQL is needed for this test and did not answer at ${serverUrl}: ${String(error)}`,
      );
    });
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A machine's project: `reins` installed (linked), a copy of a fixture workflow folder in `suite/`. */
export interface Machine {
  dir: string;
  suite: string;
  /** Runs `reins` there; resolves when it exits. */
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<Ran>;
  /** Starts `reins` there, collecting its output. */
  start(args: string[], env?: NodeJS.ProcessEnv): Started;
  remove(): void;
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<Ran>;
}

export function machine(fixture: string): Machine {
  const dir = mkdtempSync(join(tmpdir(), "reins-machine-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "reins"), "dir");
  symlinkSync(join(root, "node_modules", "zod"), join(dir, "node_modules", "zod"), "dir");
  cpSync(join(root, "test", "fixtures", fixture), join(dir, "suite"), { recursive: true });
  const start = (args: string[], env: NodeJS.ProcessEnv = {}): Started => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += String(chunk);
    });
    child.stderr?.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<Ran>((resolve) =>
      child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
    );
    return { child, output: () => stdout + stderr, exited };
  };
  return {
    dir,
    suite: join(dir, "suite"),
    start,
    run: (args, env) => start(args, env).exited,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `condition` holds, checking every `everyMs`. Past `timeoutMs`, or once one of `watched` has exited, it
 * throws naming what it waited for and what each watched process printed, so that a test never hangs silently.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  options: { timeoutMs: number; everyMs?: number; watched?: Record<string, Started> },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const exited = new Set<string>();
  for (const [name, started] of Object.entries(options.watched ?? {}))
    void started.exited.then(() => exited.add(name));
  for (;;) {
    if (await condition()) return;
    const gone = [...exited];
    if (gone.length > 0 || Date.now() > deadline) {
      const outputs = Object.entries(options.watched ?? {})
        .map(
          ([name, started]) =>
            `--- ${name}${exited.has(name) ? " (exited)" : ""}:\n${started.output().slice(-2000)}`,
        )
        .join("\n");
      throw new Error(
        `${gone.length > 0 ? `${gone.join(", ")} exited` : `${options.timeoutMs} ms passed`} while waiting for ${what}\n${outputs}`,
      );
    }
    await sleep(options.everyMs ?? 100);
  }
}

/** The processes a test starts, so that an `afterEach` can stop the ones still running however the test ended. */
export function processTracker(): { track(started: Started): Started; killAll(): Promise<void> } {
  const live: Started[] = [];
  return {
    track(started) {
      live.push(started);
      return started;
    },
    async killAll() {
      for (const started of live.splice(0)) {
        if (started.child.exitCode === null && started.child.signalCode === null)
          started.child.kill("SIGKILL");
        await started.exited;
      }
    },
  };
}
