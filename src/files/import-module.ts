import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { compileTypeScript, typeScriptFile } from "./typescript-modules.js";

let loads = 0;

/** Compiled TypeScript waiting for its `importUserModule`, by source path. */
const prepared = new Map<string, string>();

/**
 * Compiles the TypeScript among these modules in one esbuild run, for their next `importUserModule` (a workflow's
 * tools, policies, agent and suite: one run instead of one each). If it fails, each module is compiled alone when
 * imported, and reports its own error.
 */
export async function prepareUserModules(paths: readonly (string | undefined)[]): Promise<void> {
  const files = paths.filter(
    (path): path is string =>
      path !== undefined && typeScriptFile.test(path) && !prepared.has(path) && existsSync(path),
  );
  if (files.length < 2) return;
  try {
    for (const [file, out] of await compileTypeScript(files)) prepared.set(file, out);
  } catch {
    // Reported by importUserModule.
  }
}

/**
 * Imports a user's TypeScript or JavaScript module (tools, policies, agents, suite). TypeScript is compiled by
 * esbuild to an ES module (`typescript-modules.ts`), whatever the nearest package.json says; JavaScript loads as Node
 * loads it (from Node 20.19, ES module syntax in a `.js` file makes it an ES module in any package). The file itself
 * is evaluated afresh on every call, so a second `loadSuite` sees edits and environment variables read at its top
 * level; what it imports is shared like any import (one Reins, one zod). A failure names the file.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) {
    throw new UserError({ code: ErrorCode.FileNotFound, message: `cannot find module ${path}`, file: path });
  }
  const typeScript = typeScriptFile.test(path);
  let loaded: Record<string, unknown>;
  try {
    if (typeScript) {
      // Stack traces through the user's code name its TypeScript lines (the compiled modules carry source maps).
      process.setSourceMapsEnabled(true);
      const compiled = prepared.get(path) ?? (await compileTypeScript([path])).get(path);
      prepared.delete(path);
      const load = ++loads;
      const url = (out: string | undefined) => `${pathToFileURL(out as string).href}?reins-load=${load}`;
      try {
        loaded = (await import(url(compiled))) as Record<string, unknown>;
      } catch (error) {
        // A package the cached output names moved (a reinstall): compiled again, resolved again.
        if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
        const fresh = (await compileTypeScript([path], { fresh: true })).get(path);
        loaded = (await import(url(fresh))) as Record<string, unknown>;
      }
    } else {
      loaded = (await import(`${pathToFileURL(path).href}?reins-load=${++loads}`)) as Record<string, unknown>;
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n").slice(0, 3).join(" ") : String(error);
    throw new UserError({
      code: ErrorCode.ModuleLoad,
      message: `cannot load ${path}: ${detail}`,
      file: path,
      hint: "fix the error in that module (run `npx tsc --noEmit` on it for details)",
      cause: error,
    });
  }
  return loaded;
}
