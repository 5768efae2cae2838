import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { createTypeScriptCompiler, typeScriptFile } from "./typescript-modules.js";

/** Imports users' modules (a workflow's tools, policies, agent and suite). Close it once they are loaded. */
export interface ModuleLoader {
  /**
   * Imports a user's TypeScript or JavaScript module. TypeScript is compiled by esbuild to an ES module
   * (`typescript-modules.ts`), whatever the nearest package.json says; JavaScript loads as Node loads it (from Node
   * 20.19, ES module syntax in a `.js` file makes it an ES module in any package). The file itself is evaluated
   * afresh on every call, so a second load sees edits and environment variables read at its top level; what it
   * imports is shared like any import (one Reins, one zod). A failure names the file.
   */
  import(path: string): Promise<Record<string, unknown>>;
  /**
   * Compiles the TypeScript among these modules in one esbuild run, for their next `import` (one run instead of one
   * each). If it fails, each module is compiled alone when imported, and reports its own error.
   */
  prepare(paths: readonly (string | undefined)[]): Promise<void>;
  /** Waits for the compilations under way; the loader imports nothing more. */
  close(): Promise<void>;
}

/** Options of `createModuleLoader`. */
export interface ModuleLoaderOptions {
  /** Where compiled TypeScript is cached across processes (default `<tmp>/reins-ts-cache-<uid>`). */
  cacheDir?: string;
}

/** A loader of users' modules, with its own TypeScript compiler and cache of compiled files. */
export function createModuleLoader(options: ModuleLoaderOptions = {}): ModuleLoader {
  const compiler = createTypeScriptCompiler(
    options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir },
  );
  /** Compiled TypeScript waiting for its `import`, by source path. */
  const prepared = new Map<string, string>();
  // Node keeps one instance per URL: a query of this loader's own (two loaders in a process each evaluate afresh).
  const loaderId = randomBytes(6).toString("hex");
  let loads = 0;

  const importTypeScript = async (path: string, load: string) => {
    // Stack traces through the user's code name its TypeScript lines (the compiled modules carry source maps).
    process.setSourceMapsEnabled(true);
    const compiled = prepared.get(path) ?? (await compiler.compile([path])).get(path);
    prepared.delete(path);
    const url = (out: string | undefined) => `${pathToFileURL(out as string).href}?reins-load=${load}`;
    try {
      return (await import(url(compiled))) as Record<string, unknown>;
    } catch (error) {
      // A package the cached output names moved (a reinstall): compiled again, resolved again.
      if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
      const fresh = (await compiler.compile([path], { fresh: true })).get(path);
      return (await import(url(fresh))) as Record<string, unknown>;
    }
  };

  let closed = false;

  return {
    async import(path) {
      if (closed) {
        throw new UserError({
          code: ErrorCode.ModuleLoad,
          message: `cannot load ${path}: its module loader is closed`,
          file: path,
          hint: "import with a loader that is still open (createModuleLoader())",
        });
      }
      if (!existsSync(path)) {
        throw new UserError({
          code: ErrorCode.FileNotFound,
          message: `cannot find module ${path}`,
          file: path,
        });
      }
      const load = `${loaderId}-${++loads}`;
      try {
        if (typeScriptFile.test(path)) return await importTypeScript(path, load);
        return (await import(`${pathToFileURL(path).href}?reins-load=${load}`)) as Record<string, unknown>;
      } catch (error) {
        const detail =
          error instanceof Error ? error.message.split("\n").slice(0, 3).join(" ") : String(error);
        throw new UserError({
          code: ErrorCode.ModuleLoad,
          message: `cannot load ${path}: ${detail}`,
          file: path,
          hint: `fix the error in that module (\`reins validate --types ${dirname(path)}\` shows its type errors)`,
          cause: error,
        });
      }
    },
    async prepare(paths) {
      const files = paths.filter(
        (path): path is string =>
          path !== undefined && typeScriptFile.test(path) && !prepared.has(path) && existsSync(path),
      );
      if (closed || files.length < 2) return;
      try {
        for (const [file, out] of await compiler.compile(files)) prepared.set(file, out);
      } catch {
        // Reported by `import`.
      }
    },
    async close() {
      closed = true;
      prepared.clear();
      await compiler.close();
    },
  };
}

/** Runs `use` with `loader`, or with a loader of its own that it closes afterwards. */
export async function withModuleLoader<T>(
  loader: ModuleLoader | undefined,
  use: (loader: ModuleLoader) => Promise<T>,
): Promise<T> {
  if (loader !== undefined) return use(loader);
  const own = createModuleLoader();
  try {
    return await use(own);
  } finally {
    await own.close();
  }
}
