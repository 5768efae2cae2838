import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Message, Plugin } from "esbuild";

/** TypeScript sources Reins compiles itself; everything else is imported as Node finds it. */
export const typeScriptFile = /\.(ts|mts|cts|tsx)$/;

const builtins = new Set(builtinModules);

/** Each TypeScript file imported by another, compiled once per process: its output file, ready to import. */
const dependencies = new Map<string, Promise<string>>();

/** The same files once compiled (or found in the cache), for the cache's manifests. */
const dependencyOutputs = new Map<string, string>();

/** Every TypeScript source (and tsconfig.json) this process compiled or took from the cache, with its sha256. */
const sources = new Map<string, string>();

/** Compilations not finished yet, whichever load started them. */
const inFlight = new Set<Promise<void>>();

/** esbuild's API, once a compilation loaded it. */
let esbuild: typeof import("esbuild") | undefined;

/**
 * Compiled modules live in a cache that outlasts the process (`<tmp>/reins-ts-cache-<uid>`, private to the user): a
 * manifest per set of entry files records the sources their compilation read, with their hashes; while none has
 * changed, the next process imports the same outputs without starting esbuild.
 * Manifests and output folders unused for a week are removed. If the folder is not the user's own and closed to
 * others (someone else made it first), nothing is cached: the process compiles into a private folder of its own.
 */
const cacheRoot = join(tmpdir(), `reins-ts-cache-${process.getuid?.() ?? "user"}`);
const keepDays = 7;

/** Whether `cacheRoot` can be trusted with code this process will import; checked once. */
let cacheUsable: boolean | undefined;

function usableCache(): boolean {
  if (cacheUsable === undefined) {
    try {
      mkdirSync(cacheRoot, { recursive: true, mode: 0o700 });
      const stat = statSync(cacheRoot);
      const uid = process.getuid?.();
      cacheUsable =
        stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
    } catch {
      cacheUsable = false;
    }
  }
  return cacheUsable;
}

/** This process's output folder, made on first use: in the cache, or private to the process. */
let outDir: string | undefined;

function output(name: string): string {
  if (outDir === undefined) {
    if (usableCache()) {
      pruneCache();
      outDir = mkdtempSync(join(cacheRoot, "out-"));
    } else {
      const dir = mkdtempSync(join(tmpdir(), "reins-modules-"));
      process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
      outDir = dir;
    }
  }
  return join(outDir, name);
}

function pruneCache(): void {
  const cutoff = Date.now() - keepDays * 24 * 3600 * 1000;
  for (const entry of readdirSync(cacheRoot)) {
    const path = join(cacheRoot, entry);
    try {
      if (statSync(path).mtimeMs < cutoff) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already (another process pruned it).
    }
  }
}

const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

/** What a cache manifest holds: the compilation's outputs and every source they depend on. */
interface Manifest {
  schemaVersion: 1;
  sources: Record<string, string>;
  outputs: Record<string, string>;
  dependencies: Record<string, string>;
}

/** The manifest of a set of entry files, for this build of Reins and this esbuild. */
function manifestFile(files: readonly string[]): string {
  buildKey ??= thisBuild();
  const key = JSON.stringify([buildKey, [...files].sort()]);
  return join(cacheRoot, `${sha256(key).slice(0, 32)}.json`);
}

/** This build of Reins (its file and when it was written) and esbuild's version; read once per process. */
let buildKey: string | undefined;

function thisBuild(): string {
  const self = fileURLToPath(import.meta.url);
  let esbuildVersion = "?";
  try {
    esbuildVersion = (createRequire(import.meta.url)("esbuild/package.json") as { version: string }).version;
  } catch {
    // Not installed: compilation will say so.
  }
  return JSON.stringify([self, statSync(self).mtimeMs, esbuildVersion]);
}

function hashFile(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** The cached outputs of these entry files, if every source they were compiled from is unchanged. */
function fromCache(manifest: string): Map<string, string> | undefined {
  if (!usableCache()) return undefined;
  let cached: Manifest;
  try {
    cached = JSON.parse(readFileSync(manifest, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
  if (cached.schemaVersion !== 1) return undefined;
  for (const [path, hash] of Object.entries(cached.sources)) if (hashFile(path) !== hash) return undefined;
  const files = [...Object.values(cached.outputs), ...Object.values(cached.dependencies)];
  if (!files.every((file) => existsSync(file))) return undefined;
  // Used: kept from pruning another week.
  const now = new Date();
  for (const path of [manifest, ...new Set(files.map((file) => dirname(file)))]) utimesSync(path, now, now);
  for (const [path, hash] of Object.entries(cached.sources)) sources.set(path, hash);
  for (const [path, out] of Object.entries(cached.dependencies)) {
    if (dependencies.has(path)) continue;
    dependencies.set(path, Promise.resolve(out));
    dependencyOutputs.set(path, out);
  }
  return new Map(Object.entries(cached.outputs));
}

function saveManifest(manifest: string, outputs: Map<string, string>): void {
  if (!usableCache()) return;
  const content: Manifest = {
    schemaVersion: 1,
    sources: Object.fromEntries(sources),
    outputs: Object.fromEntries(outputs),
    dependencies: Object.fromEntries(dependencyOutputs),
  };
  const staged = `${manifest}.${process.pid}`;
  writeFileSync(staged, JSON.stringify(content));
  renameSync(staged, manifest);
}

/** The tsconfig.json esbuild reads for a file (the nearest one up; `extends` is not followed). */
function tsconfigOf(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const candidate = join(dir, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

const nameOf = (file: string) => sha256(file).slice(0, 24);

/**
 * Compiles users' TypeScript modules (tools, policies, agents, suite) to ES module files, in one esbuild run, and
 * returns each one's output, by source path. esbuild compiles each TypeScript file on its own, its imports rewritten
 * to absolute URLs: packages and JavaScript files as esbuild resolves them for Node from the source's folder (`import`
 * and `node` conditions, tsconfig paths, `.js` naming a `.ts`), TypeScript files to their own compiled output
 * (compiled once per process, so every importer shares one instance, as with any import), JSON inlined. No loader
 * hooks, so no loader thread: registering tsx's hooks cost every `reins eval` time and memory.
 *
 * Outputs come from the cache while no source they were compiled from has changed (see `cacheRoot`); with `fresh`,
 * they are compiled again. Importers add a query to an entry's URL to evaluate it afresh on each load.
 */
export async function compileTypeScript(
  files: readonly string[],
  options: { fresh?: boolean } = {},
): Promise<Map<string, string>> {
  const manifest = manifestFile(files);
  const cached = options.fresh ? undefined : fromCache(manifest);
  if (cached) return cached;
  const outputs = await compileFresh(files);
  saveManifest(manifest, outputs);
  return outputs;
}

async function compileFresh(files: readonly string[]): Promise<Map<string, string>> {
  const entries = files.map((file) => ({ file, out: output(`${nameOf(file)}.entry-${++entryCount}.mjs`) }));
  const compiling: Promise<string>[] = [];
  await compileTo(entries, compiling);
  // Every TypeScript file they import, directly or not, must be written before they are imported. Waited for here,
  // not by each importer: in a cycle (a.ts ↔ b.ts) each would wait for the other.
  for (let done = 0; done < compiling.length; ) {
    const batch = compiling.slice(done);
    done = compiling.length;
    await Promise.all(batch);
  }
  // A dependency another load started compiling may still be compiling what it imports.
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  return new Map(entries.map(({ file, out }) => [file, out]));
}

let entryCount = 0;

/**
 * Stops esbuild's service process once a workflow's modules are loaded, rather than leave it idle through an
 * evaluation; a later compilation starts it again.
 */
export async function releaseTypeScriptCompiler(): Promise<void> {
  if (esbuild !== undefined && inFlight.size === 0) await esbuild.stop();
}

/** The output of a TypeScript file another imports: compiled on first import, then shared. */
function dependencyOutput(file: string, compiling: Promise<string>[]): string {
  const out = output(`${nameOf(file)}.mjs`);
  let compiled = dependencies.get(file);
  if (compiled === undefined) {
    compiled = compileTo([{ file, out }], compiling).then(() => {
      dependencyOutputs.set(file, out);
      return out;
    });
    // A file that failed to compile is tried again by the next load (after the user fixed it).
    compiled.catch(() => {
      dependencies.delete(file);
      dependencyOutputs.delete(file);
    });
    dependencies.set(file, compiled);
  }
  compiling.push(compiled);
  return out;
}

interface Entry {
  file: string;
  out: string;
}

function compileTo(entries: readonly Entry[], compiling: Promise<string>[]): Promise<void> {
  const compiled = compile(entries, compiling);
  // Settles either way (a failure is the caller's to report, through `compiled`).
  const tracked = compiled.then(
    () => undefined,
    () => undefined,
  );
  inFlight.add(tracked);
  void tracked.then(() => inFlight.delete(tracked));
  return compiled;
}

async function compile(entries: readonly Entry[], compiling: Promise<string>[]): Promise<void> {
  for (const { file } of entries) {
    for (const source of [file, tsconfigOf(file)]) {
      const hash = source === undefined ? undefined : hashFile(source);
      if (source !== undefined && hash !== undefined) sources.set(source, hash);
    }
  }
  esbuild ??= await import("esbuild");
  const dir = output("");
  const result = await esbuild
    .build({
      entryPoints: entries.map(({ file, out }) => ({ in: file, out: basename(out, ".mjs") })),
      outdir: dir,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "inline",
      logLevel: "silent",
      // Each module's own `import.meta`, declared in front of its output below (one define serves every module).
      define: {
        "import.meta.url": `${importMeta}.url`,
        "import.meta.filename": `${importMeta}.filename`,
        "import.meta.dirname": `${importMeta}.dirname`,
      },
      plugins: [importsAsUrls(compiling)],
    })
    .catch((error: unknown) => {
      throw compileError(error);
    });
  const written = new Map((result.outputFiles ?? []).map((f) => [f.path, f.text]));
  for (const { file, out } of entries) {
    const contents = written.get(out);
    if (contents === undefined) throw new Error(`esbuild wrote nothing for ${file}`);
    // On the first line, so that the source map's lines stay right.
    const meta = { url: pathToFileURL(file).href, filename: file, dirname: dirname(file) };
    writeFileSync(out, `const ${importMeta} = ${JSON.stringify(meta)}; ${contents}`);
  }
}

const importMeta = "__reinsImportMeta";

/** Leaves every import to Node, at the URL Node's own resolution (or this compiler, for TypeScript) gives it. */
function importsAsUrls(compiling: Promise<string>[]): Plugin {
  return {
    name: "reins-imports-as-urls",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || args.pluginData === importsAsUrls) return undefined;
        if (args.path.startsWith("node:") || builtins.has(args.path))
          return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: importsAsUrls,
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external || resolved.path === "") return { path: args.path, external: true };
        // JSON is bundled: Node would want an import attribute TypeScript code seldom writes.
        if (resolved.path.endsWith(".json")) return undefined;
        if (typeScriptFile.test(resolved.path)) {
          return { path: pathToFileURL(dependencyOutput(resolved.path, compiling)).href, external: true };
        }
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
}

/** esbuild's failure as one line per problem, `file:line:column: message` (the file as the user named it). */
function compileError(error: unknown): Error {
  const errors = (error as { errors?: Message[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0)
    return error instanceof Error ? error : new Error(String(error));
  const lines = errors.map((e) =>
    e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text,
  );
  return new Error(lines.join("\n"), { cause: error });
}
