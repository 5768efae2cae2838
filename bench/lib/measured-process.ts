/** Runs a command in its own process and measures it from outside: wall time and peak resident memory. */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode } from "../../src/errors/codes.js";
import { UserError } from "../../src/errors/reins-error.js";

const gnuTime = "/usr/bin/time";

/** How a measured process went. */
export interface MeasuredProcess {
  /** From spawn to exit, in milliseconds. */
  wallMs: number;
  /** Peak resident set size (GNU time's `%M`: the largest of the process and the descendants it waited for), MiB. */
  peakRssMiB: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Fails with a hint when GNU time, which reads the peak RSS from the kernel's rusage, is missing. */
export function requireGnuTime(bench: string): void {
  if (existsSync(gnuTime)) return;
  throw new UserError({
    code: ErrorCode.Usage,
    message: `${bench} measures peak memory with GNU time, and ${gnuTime} is missing`,
    hint: "install it (Debian/Ubuntu: apt-get install -y time), then run the bench again",
  });
}

/**
 * Runs `command args` under GNU time; resolves when it exits, whatever its exit code. Its output goes to files, not
 * pipes: promptfoo exits before its summary reaches a pipe when its logger times out on shutdown (on a loaded machine).
 */
export async function runMeasured(options: {
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<MeasuredProcess> {
  const scratch = mkdtempSync(join(tmpdir(), "reins-bench-time-"));
  const timeFile = join(scratch, "rusage");
  const outFile = join(scratch, "stdout");
  const errFile = join(scratch, "stderr");
  const out = openSync(outFile, "w");
  const err = openSync(errFile, "w");
  try {
    const started = performance.now();
    const child = spawn(gnuTime, ["-f", "%M", "-o", timeFile, options.command, ...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", out, err],
    });
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => resolve(code));
    });
    const wallMs = performance.now() - started;
    // GNU time writes "Command exited with non-zero status N" before the format line when the command fails.
    const lines = readFileSync(timeFile, "utf8").trim().split("\n");
    const peakKiB = Number(lines.at(-1));
    return {
      wallMs,
      peakRssMiB: Number.isFinite(peakKiB) ? peakKiB / 1024 : Number.NaN,
      exitCode,
      stdout: readFileSync(outFile, "utf8"),
      stderr: readFileSync(errFile, "utf8"),
    };
  } finally {
    closeSync(out);
    closeSync(err);
    rmSync(scratch, { recursive: true, force: true });
  }
}
