import { terminalText } from "../text/terminal-text.js";
import type { Io } from "./io.js";

/** A one-line progress bar on a terminal (stderr); silent when output is not a terminal. */
export function progressBar(
  io: Io,
  label: string,
): { update(done: number, total: number, extra?: string): void; end(): void } {
  const tty = io.isTty && Boolean(process.stderr.isTTY);
  // Written past the Io (it redraws one line in place): the suite's name is escaped here.
  const shown = terminalText(label);
  let last = 0;
  return {
    update(done, total, extra = "") {
      if (!tty) return;
      const now = Date.now();
      if (done < total && now - last < 80) return;
      last = now;
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      process.stderr.write(
        `\r${shown} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}${extra ? ` ${extra}` : ""}\x1b[K`,
      );
    },
    end() {
      if (tty) process.stderr.write("\r\x1b[K");
    },
  };
}

/** How often an evaluation off a terminal prints its progress line, in ms. */
export const progressLineIntervalMs = 2_000;

/**
 * An evaluation's progress: the bar on a terminal; elsewhere (a log, CI) a plain line on stderr at most every
 * {@link progressLineIntervalMs}, `eval lead-routing: 1200/100000 trials · 3 failed`, so that a log shows how far it got.
 */
export function evalProgress(
  io: Io,
  label: string,
  now: () => number = Date.now,
): { update(done: number, total: number, failed: number): void; end(): void } {
  if (io.isTty && process.stderr.isTTY) {
    const bar = progressBar(io, label);
    return {
      update: (done, total, failed) => bar.update(done, total, `${done - failed} passed`),
      end: () => bar.end(),
    };
  }
  let last = now();
  return {
    update(done, total, failed) {
      if (now() - last < progressLineIntervalMs) return;
      last = now();
      io.err(`${label}: ${done}/${total} trials · ${failed} failed`);
    },
    end() {},
  };
}
