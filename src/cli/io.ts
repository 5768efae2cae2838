/** Where commands write, so that tests can run the CLI in-process. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Sets the exit code without exiting, so that output is flushed. */
  setExitCode(code: number): void;
  /** True when stdout is a terminal (progress bars, colours). */
  isTty: boolean;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  setExitCode: (code) => {
    process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
  },
  isTty: Boolean(process.stdout.isTTY),
};
