import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Message, Plugin } from "esbuild";

/** TypeScript sources Reins compiles itself; everything else is imported as Node finds it. */
export const typeScriptFile = /\.(ts|mts|cts|tsx)$/;

const builtins = new Set(builtinModules);

/** Where this process writes compiled modules: one folder, removed when the process exits. */
let outDir: string | undefined;

/** Each TypeScript file imported by another, compiled once per process: its output file, ready to import. */
const dependencies = new Map<string, Promise<string>>();

/** Compilations not finished yet, whichever load started them. */
const inFlight = new Set<Promise<void>>();

/** esbuild's API, once a compilation loaded it. */
let esbuild: typeof import("esbuild") | undefined;

function output(name: string): string {
  if (outDir === undefined) {
    removeOrphans();
    const dir = mkdtempSync(join(tmpdir(), `${outPrefix}${process.pid}-`));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    outDir = dir;
  }
  return join(outDir, name);
}

const outPrefix = "reins-modules-";

/** Folders left by processes that did not exit normally (killed, or test workers terminated). */
function removeOrphans(): void {
  let entries: string[];
  try {
    entries = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(outPrefix)) continue;
    const pid = Number(entry.slice(outPrefix.length).split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid))
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const nameOf = (file: string) => createHash("sha256").update(file).digest("hex").slice(0, 24);

/**
 * Compiles users' TypeScript modules (tools, policies, agents, suite) to ES module files, in one esbuild run, and
 * returns each one's output, by source path. esbuild compiles each TypeScript file on its own, its imports rewritten
 * to absolute URLs: packages and JavaScript files as esbuild resolves them for Node from the source's folder (`import`
 * and `node` conditions, tsconfig paths, `.js` naming a `.ts`), TypeScript files to their own compiled output
 * (compiled once per process, so every importer shares one instance, as with any import), JSON inlined. No loader
 * hooks, so no loader thread: registering tsx's hooks cost a `reins eval` ~80 ms and ~20 MB (bench/eval-throughput).
 *
 * Each call makes fresh outputs for the files given: they are compiled again, so a second load sees edits.
 */
export async function compileTypeScript(files: readonly string[]): Promise<Map<string, string>> {
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
 * Stops esbuild's service process (~15 MB) once a workflow's modules are loaded, rather than leave it idle through an
 * evaluation; a later compilation starts it again (~5 ms).
 */
export async function releaseTypeScriptCompiler(): Promise<void> {
  if (esbuild !== undefined && inFlight.size === 0) await esbuild.stop();
}

/** The output of a TypeScript file another imports: compiled on first import, then shared. */
function dependencyOutput(file: string, compiling: Promise<string>[]): string {
  const out = output(`${nameOf(file)}.mjs`);
  let compiled = dependencies.get(file);
  if (compiled === undefined) {
    compiled = compileTo([{ file, out }], compiling).then(() => out);
    // A file that failed to compile is tried again by the next load (after the user fixed it).
    compiled.catch(() => dependencies.delete(file));
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
