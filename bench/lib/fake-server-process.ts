/** Starts `fake-server-child.ts` in its own process and talks to it over its stdio. */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const libDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(libDir, "..", "..");

/** The fake server in its own process; resolves once it listens. */
export async function startServer(latencyMs: number) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(libDir, "fake-server-child.ts"), "--latency", String(latencyMs)],
    { cwd: repoRoot, stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines: string[] = [];
  let pending = "";
  let notify: (() => void) | undefined;
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    pending += chunk;
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    lines.push(...parts.filter((line) => line.trim() !== ""));
    notify?.();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const nextLine = async (): Promise<string> => {
    while (lines.length === 0) {
      const arrived = new Promise<void>((resolve) => {
        notify = resolve;
      });
      const ended = exited.then(() => {
        throw new Error("the fake server process exited early");
      });
      await Promise.race([arrived, ended]);
    }
    return lines.shift() as string;
  };
  const { url } = JSON.parse(await nextLine()) as { url: string };
  return {
    url,
    /** The server process's id. */
    pid: child.pid as number,
    /** Stops the server; resolves with what it served. */
    async stop(): Promise<{ requests: number; failed: number }> {
      child.stdin.end();
      return JSON.parse(await nextLine()) as { requests: number; failed: number };
    },
  };
}
