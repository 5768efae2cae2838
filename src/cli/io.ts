import { styledTerminalText, terminalText } from "../text/terminal-text.js";

/** Where commands write, so that tests can run the CLI in-process. */
export interface Io {
  /** One line (or several). `styled`: the line carries Reins' own colours, its untrusted parts already escaped. */
  out(line: string, options?: { styled?: boolean }): void;
  err(line: string): void;
  /** Sets the exit code without exiting, so that output is flushed. */
  setExitCode(code: number): void;
  /** True when stdout is a terminal (progress bars, colours). */
  isTty: boolean;
}

/**
 * The process's streams. Everything printed passes through `terminalText` here, at the edge: what a model, a tool,
 * a case file or the store said reaches the terminal as text, whichever command prints it.
 */
export const processIo: Io = {
  out: (line, options) =>
    process.stdout.write(`${options?.styled ? styledTerminalText(line) : terminalText(line)}\n`),
  err: (line) => process.stderr.write(`${terminalText(line)}\n`),
  setExitCode: (code) => {
    process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
  },
  isTty: Boolean(process.stdout.isTTY),
};
