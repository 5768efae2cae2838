import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTypeScriptCompiler, type TypeScriptCompiler } from "./typescript-modules.js";

// The compiled modules are imported by a plain `node` child: Vitest would load them through its own module runner.

let dir: string;
let compiler: TypeScriptCompiler;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "reins-ts-modules-"));
  compiler = createTypeScriptCompiler({ cacheDir: join(dir, "cache") });
  mkdirSync(join(dir, "lib"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(process.cwd(), "node_modules", "zod"), join(dir, "node_modules", "zod"), "dir");
  const files: Record<string, string> = {
    "lib/shared.ts": "export const shared: { loads: number } = { loads: 0 };\nshared.loads++;\n",
    "lib/counter.ts":
      'import { shared } from "./shared.js";\nexport const seen = (): number => shared.loads;\n',
    "lib/a.ts":
      'import { b } from "./b";\nexport const a = (): string => "a" + b();\nexport const leaf = "A";\n',
    "lib/b.ts": 'import { leaf } from "./a.js";\nexport const b = (): string => "b" + leaf;\n',
    "data.json": '{ "plan": "pro" }\n',
    "entry.ts": [
      'import { basename } from "node:path";',
      'import { z } from "zod";',
      'import data from "./data.json";',
      'import { a } from "./lib/a.js";',
      'import { seen } from "./lib/counter";',
      'import { shared } from "./lib/shared.js";',
      "enum Level { Low = 1 }",
      "export const self = { shared, seen: seen(), a: a(), plan: data.plan, level: Level.Low };",
      "export const parsed = z.object({ n: z.number() }).parse({ n: 1 });",
      "export const where = { url: import.meta.url, file: basename(import.meta.filename) };",
    ].join("\n"),
    "other.ts": 'import { shared } from "./lib/shared.js";\nexport const other = shared;\n',
    "broken.ts": "export const fine = 1;\nexport const broken = ;\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
afterAll(async () => {
  await compiler.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Imports the compiled files in one fresh Node process and returns what the script prints. */
function run(script: string): unknown {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe("createTypeScriptCompiler", () => {
  it("compiles a module and what it imports, which every importer shares", async () => {
    const entry = join(dir, "entry.ts");
    const firstLoad = await compiler.compile([entry, join(dir, "other.ts")]);
    const first = pathToFileURL(firstLoad.get(entry) as string).href;
    const other = pathToFileURL(firstLoad.get(join(dir, "other.ts")) as string).href;
    const second = pathToFileURL((await compiler.compile([entry])).get(entry) as string).href;
    const out = run(`
      const first = await import(${JSON.stringify(first)});
      const second = await import(${JSON.stringify(second)});
      const { other } = await import(${JSON.stringify(other)});
      console.log(JSON.stringify({
        self: first.self,
        parsed: first.parsed,
        where: first.where,
        entryEvaluatedAgain: first.self !== second.self,
        oneShared: first.self.shared === second.self.shared && other === first.self.shared,
      }));
    `);
    expect(out).toEqual({
      // shared.ts ran once, although three entries import it; the a.ts ↔ b.ts cycle resolves.
      self: { shared: { loads: 1 }, seen: 1, a: "abA", plan: "pro", level: 1 },
      parsed: { n: 1 },
      where: { url: pathToFileURL(join(dir, "entry.ts")).href, file: "entry.ts" },
      entryEvaluatedAgain: true,
      oneShared: true,
    });
  });

  it("takes unchanged sources' outputs from the cache, and compiles a changed source again", async () => {
    const file = join(dir, "cached.ts");
    writeFileSync(file, 'import { shared } from "./lib/shared.js";\nexport const v = 1 + shared.loads;\n');
    const first = (await compiler.compile([file])).get(file);
    expect((await compiler.compile([file])).get(file)).toBe(first);
    writeFileSync(file, 'import { shared } from "./lib/shared.js";\nexport const v = 2 + shared.loads;\n');
    const edited = (await compiler.compile([file])).get(file) as string;
    expect(edited).not.toBe(first);
    expect(
      run(`console.log(JSON.stringify((await import(${JSON.stringify(pathToFileURL(edited).href)})).v))`),
    ).toBe(3);
    expect((await compiler.compile([file], { fresh: true })).get(file)).not.toBe(edited);
  });

  it("caches nothing in a cache folder others may write to (it compiles into a private one)", () => {
    const tmp = mkdtempSync(join(tmpdir(), "reins-shared-tmp-"));
    try {
      const shared = join(tmp, `reins-ts-cache-${process.getuid?.() ?? "user"}`);
      mkdirSync(shared);
      chmodSync(shared, 0o777);
      const dist = pathToFileURL(join(process.cwd(), "dist", "index.js")).href;
      const charter = join(process.cwd(), "examples", "lead-routing", "charter.yaml");
      const result = spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const { loadWorkflow } = await import(${JSON.stringify(dist)}); const w = await loadWorkflow(${JSON.stringify(charter)}); console.log(w.charter.name);`,
        ],
        { encoding: "utf8", env: { ...process.env, TMPDIR: tmp } },
      );
      expect(result.stderr).toBe("");
      expect(result.stdout.trim()).toBe("lead-routing");
      expect(readdirSync(shared)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("names the file, line and column of a syntax error", async () => {
    await expect(compiler.compile([join(dir, "broken.ts")])).rejects.toThrow(
      /broken\.ts:2:22: Unexpected ";"/,
    );
  });
});

describe("TypeScriptCompiler.close", () => {
  it("leaves another compiler's compilation to finish (esbuild's service is one per process)", async () => {
    const first = createTypeScriptCompiler({ cacheDir: join(dir, "cache-close-1") });
    const second = createTypeScriptCompiler({ cacheDir: join(dir, "cache-close-2") });
    const files = ["one", "two", "three"].map((name) => join(dir, `close-${name}.ts`));
    for (const file of files)
      writeFileSync(file, 'import { shared } from "./lib/shared.js";\nexport { shared };\n');
    await first.compile([join(dir, "other.ts")]);
    const compiling = second.compile(files);
    await first.close();
    expect([...(await compiling).keys()]).toEqual(files);
    await second.close();
  });
});

describe("reins and zod in a folder that has no copy of its own", () => {
  it("resolve to the running Reins' own copies, and to the folder's once it installs one", async () => {
    const bare = mkdtempSync(join(tmpdir(), "reins-bare-"));
    const cacheDir = join(bare, "cache");
    try {
      const file = join(bare, "flow", "tools.ts");
      mkdirSync(join(bare, "flow"));
      writeFileSync(
        file,
        'import { z } from "zod";\nimport { defineTool } from "reins";\nexport const kinds = [typeof z.object, typeof defineTool];\n',
      );
      const first = createTypeScriptCompiler({ cacheDir });
      const out = (await first.compile([file])).get(file) as string;
      await first.close();
      const text = readFileSync(out, "utf8");
      const ownZod = pathToFileURL(realpathSync(join(process.cwd(), "node_modules", "zod"))).href;
      expect(text).toContain(`from "${ownZod}/`);
      expect(text).toContain(`from "${pathToFileURL(join(process.cwd(), "dist", "index.js")).href}"`);

      // A zod installed in the folder afterwards: the cached output (which names Reins' copy) is not reused.
      const local = join(bare, "node_modules", "zod");
      mkdirSync(local, { recursive: true });
      writeFileSync(
        join(local, "package.json"),
        '{ "name": "zod", "type": "module", "exports": "./index.js" }\n',
      );
      writeFileSync(join(local, "index.js"), "export const z = { object() {} };\n");
      const second = createTypeScriptCompiler({ cacheDir });
      const again = (await second.compile([file])).get(file) as string;
      await second.close();
      expect(again).not.toBe(out);
      expect(readFileSync(again, "utf8")).toContain(`from "${pathToFileURL(join(local, "index.js")).href}"`);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
