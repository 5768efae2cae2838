import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "./cli-harness.js";

// The MCP SDK and the web server are loaded by `reins mcp-proxy` and `reins serve` only: every other command (an
// eval, a run, `--version`) starts without them. Checked by the modules the built CLI resolves, through a loader hook.
const dir = mkdtempSync(join(tmpdir(), "reins-lazy-imports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hook = join(dir, "hook.mjs");
writeFileSync(
  hook,
  "export async function resolve(specifier, context, next) {\n" +
    "  const resolved = await next(specifier, context);\n" +
    '  process.stderr.write("resolved " + resolved.url + "\\n");\n' +
    "  return resolved;\n" +
    "}\n",
);
const register = join(dir, "register.mjs");
writeFileSync(
  register,
  `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
);

function resolvedPackages(...args: string[]): { code: number | null; packages: Set<string> } {
  const result = spawnSync(process.execPath, ["--import", register, join(root, "bin", "reins.js"), ...args], {
    cwd: dir,
    env: { ...process.env, REINS_STORE: join(dir, "reins.db") },
    encoding: "utf8",
  });
  const packages = new Set<string>();
  for (const line of result.stderr.split("\n")) {
    const match = /^resolved .*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (match?.[1] !== undefined) packages.add(match[1]);
  }
  return { code: result.status, packages };
}

describe("the CLI loads what a command needs", () => {
  it("`reins --version` and `reins eval` load neither the MCP SDK nor the web server", () => {
    for (const args of [
      ["--version"],
      ["eval", join(root, "examples", "lead-routing"), "--out", join(dir, "r.json")],
    ]) {
      const { code, packages } = resolvedPackages(...args);
      expect(code, args.join(" ")).not.toBeNull();
      // The hook sees the CLI's own packages: a run that resolved none would prove nothing.
      expect(packages.has("zod"), args.join(" ")).toBe(true);
      const heavy = [...packages].filter((name) => /^@modelcontextprotocol\/|^hono$|^@hono\//.test(name));
      expect(heavy, args.join(" ")).toEqual([]);
    }
  });

  it("`reins serve --help` and `reins mcp-proxy --help` still describe their commands", () => {
    const serve = spawnSync(process.execPath, [join(root, "bin", "reins.js"), "serve", "--help"], {
      encoding: "utf8",
    });
    expect(serve.stdout).toContain("--users <file>");
    const proxy = spawnSync(process.execPath, [join(root, "bin", "reins.js"), "mcp-proxy", "--help"], {
      encoding: "utf8",
    });
    expect(proxy.stdout).toContain("--cards <file>");
  });
});
