// Issue 13, item 9: the exit-code half of the fuzzing. The bulk runs in-process (flags.fuzz, loaders.fuzz); here a
// sample of the corpus goes through the real, built `reins` binary (run `npx tsup` first), to show what a user sees:
// exit code 2, a short located message, no stack trace, nothing on stdout, nothing run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, type Sandbox, sandbox } from "../e2e/cli-harness.js";
import { cli, corpus, pending, ready } from "./fuzz-harness.js";

/** `s.reins`, but a command still running after 15 s is killed and fails the test as a hang (e.g. on a FIFO). */
function reins(s: Sandbox, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "bin/reins.js"), ...args], {
    cwd: root,
    env: s.env,
    encoding: "utf8",
    timeout: 15_000,
  });
  if (result.error)
    throw new Error(`reins ${args.join(" ")} did not finish: ${result.error.message} (a hang)`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectUsageError(result: { code: number | null; stdout: string; stderr: string }, names: string) {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain("internal error");
  expect(result.stderr).toContain(names);
  expect(result.stderr.trim().split("\n").length).toBeLessThanOrEqual(12);
  expect(result.code).toBe(2);
}

describe("the real binary on the corpus", () => {
  const s = sandbox();
  const flagSample = ready(corpus.flags).filter((e) =>
    ["1e9", "99999999999999999999", "0x10", "abc", "taskSuccess=0x1", "/dev/full"].some((v) =>
      e.args.includes(v),
    ),
  );
  it.each(flagSample.map((e) => [e.finding, e] as const))("%s: exit 2, located, no stack", (_f, entry) => {
    const result = reins(s, ...entry.args);
    expectUsageError(result, entry.names);
    expect(result.stdout).toBe("");
  });

  it("a FIFO named x.yaml as --input: exit 2 at once, naming it", () => {
    const fifo = join(s.dir, "x.yaml");
    execFileSync("mkfifo", [fifo]);
    const result = reins(s, "run", "test/fixtures/effects-workflow", "--input", fifo);
    expectUsageError(result, `${fifo}: it is not a regular file`);
    expect(existsSync(s.effects)).toBe(false);
  });

  it.each(
    ready(corpus.documents)
      .filter((e) => e.text !== undefined && e.file.endsWith(".yaml"))
      .slice(0, 3)
      .map((e) => [e.finding, e] as const),
  )("reins validate on a charter with %s: exit 2, file:line", (_f, entry) => {
    const dir = join(s.dir, `charter-${Math.random().toString(36).slice(2)}`);
    execFileSync("mkdir", [dir]);
    const charter = join(dir, "charter.yaml");
    writeFileSync(charter, entry.text as string);
    const result = reins(s, "validate", charter);
    expectUsageError(result, `${charter}:`);
    expect(result.stderr).toMatch(new RegExp(`${charter.replaceAll("/", "\\/")}:\\d+:\\d+`));
  });
  it.each(pending(corpus.documents).map((e) => [e.finding, e.pendingFix] as const))(
    "pending: %s (until %s)",
    () => {},
  );
});

describe("reins init names from the corpus", () => {
  // A name is refused, or every command printed for the user to paste runs as one word in a POSIX shell.
  it.each(corpus.init.map((e) => [e.finding, e] as const))("%s", async (_f, entry) => {
    const s = sandbox();
    const target = join(s.dir, entry.name);
    const result = await cli(["init", target]);
    if (result.code === 2) {
      expect(result.err.join("\n")).toContain(entry.name);
      return;
    }
    expect(result.code).toBe(0);
    const commands = result.out
      // `npx reins` when started through npx (`npx vitest`), `reins` under `npm test`: init follows npm_command.
      .filter((line) => /^\s+(npx )?reins /.test(line))
      .map((l) => l.replace(/#.*$/, "").trim());
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      // The shell reads the printed line; printf shows the words it made of it, and nothing may run.
      const shown = spawnSync(
        "sh",
        ["-c", `set -f; printf '%s\\n' ${command.replace(/^(npx )?reins \S+ /, "")}`],
        {
          cwd: s.dir,
          encoding: "utf8",
        },
      );
      expect(shown.stdout.split("\n")[0]).toBe(target);
      expect(existsSync(join(s.dir, "pwned"))).toBe(false);
    }
  });
});
