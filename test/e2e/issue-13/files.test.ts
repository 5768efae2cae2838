// Issue 13: only regular files are read; a report path that cannot be written is a usage error before the eval runs;
// the store and the reports are created owner-only (0600). Before: a FIFO named as --input hung, `--out <dir>` and
// `--html /dev/full` were internal errors after the eval, and reins.db and reports were 0644.
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox } from "../cli-harness.js";

const noStack = /\n\s+at /;

describe("files the CLI reads and writes", () => {
  it("refuses a FIFO as --input at once instead of waiting on it", () => {
    const s = sandbox();
    const fifo = join(s.dir, "input.yaml");
    execFileSync("mkfifo", [fifo]);
    const result = s.reins("run", "test/fixtures/effects-workflow", "--input", fifo);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot read --input file ${fifo}: it is not a regular file`);
    expect(result.stderr).not.toMatch(noStack);
  });

  it("refuses a folder as --input", () => {
    const s = sandbox();
    const result = s.reins("run", "test/fixtures/effects-workflow", "--input", s.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("it is a folder");
  });

  it("checks --out, --html and --junit before the eval runs", () => {
    const s = sandbox();
    const folder = join(s.dir, "reports");
    mkdirSync(folder);
    const asFolder = s.reins("eval", "test/fixtures/mini-suite", "--out", folder);
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toContain(`cannot write the JSON report to ${folder}: it is a folder`);
    expect(asFolder.stdout).toBe("");

    const device = s.reins("eval", "test/fixtures/mini-suite", "--html", "/dev/full");
    expect(device.code).toBe(2);
    expect(device.stderr).toContain("cannot write the HTML report to /dev/full: it is not a regular file");
    expect(device.stdout).toBe("");

    const file = join(s.dir, "a-file");
    writeFileSync(file, "");
    const underFile = s.reins("eval", "test/fixtures/mini-suite", "--junit", join(file, "r.xml"));
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toContain(`${file} is a file, not a folder`);
    for (const r of [asFolder, device, underFile]) expect(r.stderr).not.toMatch(noStack);
  });

  it("creates the store and the reports readable by their owner only", () => {
    const s = sandbox();
    const out = join(s.dir, "r.json");
    const html = join(s.dir, "r.html");
    const store = join(s.dir, "store", "reins.db");
    const result = s.reins(
      "eval",
      "test/fixtures/mini-suite",
      "--out",
      out,
      "--html",
      html,
      "--store",
      store,
    );
    expect(result.code).toBe(0);
    for (const file of [out, html, store]) expect((statSync(file).mode & 0o777).toString(8)).toBe("600");
    expect((statSync(join(s.dir, "store")).mode & 0o777).toString(8)).toBe("700");
  });
});
