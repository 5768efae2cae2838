import { writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BuildOptions, Message, Plugin } from "esbuild";
import { type CompileCache, hashFile, openCompileCache, sha256 } from "./compile-cache.js";
import { tsconfigFiles } from "./tsconfig-files.js";

/** TypeScript sources Reins compiles itself; everything else is imported as Node finds it. */
export const typeScriptFile = /\.(ts|mts|cts|tsx)$/;

const builtins = new Set(builtinModules);

/** Compiles users' TypeScript modules to ES module files. */
export interface TypeScriptCompiler {
  /**
   * Compiles these TypeScript files in one esbuild run and returns each one's output, by source path. Outputs come
   * from the cache while no file they were compiled from has changed; with `fresh`, they are compiled again.
   */
  compile(files: readonly string[], options?: { fresh?: boolean }): Promise<Map<string, string>>;
  /**
   * Waits for the compilations under way. esbuild's service process is left running (idle, it never keeps the
   * process alive): there is one per process, and stopping it would leave another compiler's builds hanging.
   */
  close(): Promise<void>;
}

/** Options of `createTypeScriptCompiler`. */
export interface TypeScriptCompilerOptions {
  /** Where compiled modules are cached across processes (default `<tmp>/reins-ts-cache-<uid>`). */
  cacheDir?: string;
}

/**
 * A compiler of users' TypeScript modules (tools, policies, agents, suite). esbuild compiles each TypeScript file on
 * its own, its imports rewritten to absolute URLs: packages and JavaScript files as esbuild resolves them for Node
 * from the source's folder (`import` and `node` conditions, tsconfig paths, `.js` naming a `.ts`), TypeScript files
 * to their own compiled output (compiled once per compiler, so every importer shares one instance, as with any
 * import), JSON inlined. No loader hooks, so no loader thread (tsx's hooks were measurably slower: BENCHMARKS.md).
 * Importers add a query to an entry's URL to evaluate it afresh on each load.
 *
 * Each cached compilation records every file that went into its outputs (esbuild's metafile inputs: sources and the
 * JSON they inline; the tsconfig chain of each source), so a change to any of them compiles again.
 */
export function createTypeScriptCompiler(options: TypeScriptCompilerOptions = {}): TypeScriptCompiler {
  return new Compiler(openCompileCache(options.cacheDir));
}

interface Entry {
  file: string;
  out: string;
}

class Compiler implements TypeScriptCompiler {
  /** Each TypeScript file imported by another, compiled once: its output file, ready to import. */
  private readonly dependencies = new Map<string, Promise<string>>();
  /** The same files once compiled (or found in the cache), for the cache's manifests. */
  private readonly dependencyOutputs = new Map<string, string>();
  /** Every file this compiler's outputs were compiled from (or the cache's were), with its sha256. */
  private readonly inputs = new Map<string, string>();
  /** Compilations not finished yet, whichever call started them. */
  private readonly inFlight = new Set<Promise<void>>();
  private entryCount = 0;

  constructor(private readonly cache: CompileCache) {}

  async compile(files: readonly string[], options: { fresh?: boolean } = {}): Promise<Map<string, string>> {
    const cached = options.fresh ? undefined : this.fromCache(files);
    if (cached) return cached;
    const outputs = await this.compileFresh(files);
    this.cache.save(files, {
      inputs: Object.fromEntries(this.inputs),
      outputs: Object.fromEntries(outputs),
      dependencies: Object.fromEntries(this.dependencyOutputs),
    });
    return outputs;
  }

  async close(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private fromCache(files: readonly string[]): Map<string, string> | undefined {
    const cached = this.cache.read(files);
    if (cached === undefined) return undefined;
    for (const [path, hash] of Object.entries(cached.inputs)) this.inputs.set(path, hash);
    for (const [path, out] of Object.entries(cached.dependencies)) {
      if (this.dependencies.has(path)) continue;
      this.dependencies.set(path, Promise.resolve(out));
      this.dependencyOutputs.set(path, out);
    }
    return new Map(Object.entries(cached.outputs));
  }

  private output(name: string): string {
    return join(this.cache.outputDir(), name);
  }

  private async compileFresh(files: readonly string[]): Promise<Map<string, string>> {
    const entries = files.map((file) => ({
      file,
      out: this.output(`${nameOf(file)}.entry-${++this.entryCount}.mjs`),
    }));
    const compiling: Promise<string>[] = [];
    await this.compileTo(entries, compiling);
    // Every TypeScript file they import, directly or not, must be written before they are imported. Waited for
    // here, not by each importer: in a cycle (a.ts ↔ b.ts) each would wait for the other.
    for (let done = 0; done < compiling.length; ) {
      const batch = compiling.slice(done);
      done = compiling.length;
      await Promise.all(batch);
    }
    // A dependency another call started compiling may still be compiling what it imports.
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    return new Map(entries.map(({ file, out }) => [file, out]));
  }

  /** The output of a TypeScript file another imports: compiled on first import, then shared. */
  private dependencyOutput(file: string, compiling: Promise<string>[]): string {
    const out = this.output(`${nameOf(file)}.mjs`);
    let compiled = this.dependencies.get(file);
    if (compiled === undefined) {
      compiled = this.compileTo([{ file, out }], compiling).then(() => {
        this.dependencyOutputs.set(file, out);
        return out;
      });
      // A file that failed to compile is tried again by the next call (after the user fixed it).
      compiled.catch(() => {
        this.dependencies.delete(file);
        this.dependencyOutputs.delete(file);
      });
      this.dependencies.set(file, compiled);
    }
    compiling.push(compiled);
    return out;
  }

  private compileTo(entries: readonly Entry[], compiling: Promise<string>[]): Promise<void> {
    const compiled = this.build(entries, compiling);
    // Settles either way (a failure is the caller's to report, through `compiled`).
    const tracked = compiled.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(tracked);
    void tracked.then(() => this.inFlight.delete(tracked));
    return compiled;
  }

  private async build(entries: readonly Entry[], compiling: Promise<string>[]): Promise<void> {
    // Hashed before esbuild reads them: a file edited during the build is compiled again next time.
    for (const { file } of entries) {
      for (const path of [file, ...tsconfigFiles(file)]) this.inputs.set(path, hashFile(path));
    }
    // Loaded on the first compilation: a load whose outputs are all cached never starts esbuild.
    const esbuild = await import("esbuild");
    const workingDir = process.cwd();
    const options: BuildOptions & { metafile: true; write: false } = {
      entryPoints: entries.map(({ file, out }) => ({ in: file, out: basename(out, ".mjs") })),
      outdir: this.cache.outputDir(),
      outExtension: { ".js": ".mjs" },
      absWorkingDir: workingDir,
      bundle: true,
      write: false,
      metafile: true,
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
      plugins: [
        importsAsUrls({
          dependencyOutput: (file) => this.dependencyOutput(file, compiling),
          // Were a copy installed later where Node looks for it, the module must be compiled again to use that one.
          onFallback: (fromDir, name) => {
            for (const probe of packageProbes(fromDir, name)) this.inputs.set(probe, hashFile(probe));
          },
        }),
      ],
    };
    const result = await esbuild.build(options).catch((error: unknown) => {
      throw compileError(error);
    });
    // What else went into the outputs (the JSON they inline), by path relative to the working folder.
    const entryFiles = new Set(entries.map(({ file }) => file));
    for (const input of Object.keys(result.metafile.inputs)) {
      const path = resolve(workingDir, input);
      if (!entryFiles.has(path)) this.inputs.set(path, hashFile(path));
    }
    const written = new Map(result.outputFiles.map((f) => [f.path, f.text]));
    for (const { file, out } of entries) {
      const contents = written.get(out);
      if (contents === undefined) throw new Error(`esbuild wrote nothing for ${file}`);
      // On the first line, so that the source map's lines stay right.
      const meta = { url: pathToFileURL(file).href, filename: file, dirname: dirname(file) };
      writeFileSync(out, `const ${importMeta} = ${JSON.stringify(meta)}; ${contents}`);
    }
  }
}

const nameOf = (file: string) => sha256(file).slice(0, 24);

const importMeta = "__reinsImportMeta";

/**
 * Packages a workflow module may import without installing them: when its folder has no copy, they resolve to the
 * running Reins' own (its own package, and the zod its schemas are made with), so there is one instance of each.
 */
export const fallbackPackages: readonly string[] = ["reins", "zod"];

/** The folder this module lives in, inside the running Reins package: `reins` and `zod` resolve from here. */
const ownDir = dirname(fileURLToPath(import.meta.url));

/** `@scope/name/sub` → `@scope/name`; `zod/v4` → `zod`; a relative or absolute path → undefined. */
export function packageName(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.includes(":")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Where Node would find package `name` from `dir`: `node_modules/<name>/package.json` in each folder up to the root. */
export function packageProbes(dir: string, name: string): string[] {
  const probes: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    probes.push(join(at, "node_modules", name, "package.json"));
    if (dirname(at) === at) return probes;
  }
}

interface ImportsAsUrlsOptions {
  /** The compiled output of a TypeScript file another imports. */
  dependencyOutput: (file: string) => string;
  /** Called when `name` (one of `fallbackPackages`) resolved to Reins' own copy because `fromDir` has none. */
  onFallback: (fromDir: string, name: string) => void;
}

/** Leaves every import to Node, at the URL Node's own resolution (or this compiler, for TypeScript) gives it. */
function importsAsUrls({ dependencyOutput, onFallback }: ImportsAsUrlsOptions): Plugin {
  return {
    name: "reins-imports-as-urls",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || args.pluginData === importsAsUrls) return undefined;
        if (args.path.startsWith("node:") || builtins.has(args.path))
          return { path: args.path, external: true };
        const resolveFrom = (resolveDir: string) =>
          build.resolve(args.path, {
            kind: args.kind,
            importer: args.importer,
            resolveDir,
            pluginData: importsAsUrls,
          });
        let resolved = await resolveFrom(args.resolveDir);
        const name = packageName(args.path);
        if (resolved.errors.length > 0 && name !== undefined && fallbackPackages.includes(name)) {
          const own = await resolveFrom(ownDir);
          if (own.errors.length === 0) {
            onFallback(args.resolveDir, name);
            resolved = own;
          }
        }
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external || resolved.path === "") return { path: args.path, external: true };
        // JSON is bundled: Node would want an import attribute TypeScript code seldom writes.
        if (resolved.path.endsWith(".json")) return undefined;
        if (typeScriptFile.test(resolved.path)) {
          return { path: pathToFileURL(dependencyOutput(resolved.path)).href, external: true };
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
