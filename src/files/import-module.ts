import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

let typeScriptLoader: "registered" | undefined;
let loads = 0;

/**
 * Lets this process import TypeScript: tsx's loader hooks, registered once for the whole process. Registered
 * globally rather than per import (`tsImport`) because a per-import namespace gives the user's module its own copy of
 * every package it imports: a suite that imports `reins` loaded a second copy of Reins, zod and the AI SDK (~1.5 s
 * and ~140 MiB per process, and classes such as `ToolFailure` that were not the ones the gate knows).
 */
function ensureTypeScriptLoader(): void {
  if (typeScriptLoader) return;
  register();
  typeScriptLoader = "registered";
}

/**
 * Imports a user's TypeScript or JavaScript module (tools, policies, agents, suite). The file itself is evaluated
 * afresh on every call, so a second `loadSuite` sees edits and environment variables read at its top level; what it
 * imports is shared like any import (one Reins, one zod). A failure names the file.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) {
    throw new UserError({ code: ErrorCode.FileNotFound, message: `cannot find module ${path}`, file: path });
  }
  let loaded: Record<string, unknown>;
  try {
    ensureTypeScriptLoader();
    loaded = (await import(`${pathToFileURL(path).href}?reins-load=${++loads}`)) as Record<string, unknown>;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n").slice(0, 3).join(" ") : String(error);
    throw new UserError({
      code: ErrorCode.ModuleLoad,
      message: `cannot load ${path}: ${detail}`,
      file: path,
      hint: moduleTypeHint(path) ?? "fix the error in that module (run `npx tsc --noEmit` on it for details)",
      cause: error,
    });
  }
  // Loaded as CommonJS, its named exports are lost (only `default` is left): say why rather than "must export …".
  const hint = Object.keys(loaded).join() === "default" ? moduleTypeHint(path) : undefined;
  if (hint) {
    throw new UserError({
      code: ErrorCode.ModuleLoad,
      message: `cannot load ${path}: it loaded as CommonJS, without its named exports`,
      file: path,
      hint,
    });
  }
  return loaded;
}

/**
 * Why a `.ts` or `.js` module may have failed to load although it is fine: the nearest package.json does not declare
 * `"type": "module"`, so Node and tsx treat it as CommonJS (no named exports, no `import` of `reins`).
 */
function moduleTypeHint(path: string): string | undefined {
  if (/\.(mts|mjs|cts|cjs)$/.test(path)) return undefined;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      let type: unknown;
      try {
        type = (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type;
      } catch {
        return undefined;
      }
      if (type === "module") return undefined;
      return `${manifest} does not declare "type": "module", so the module loads as CommonJS; Reins loads workflow modules as ES modules: add "type": "module" there, or a package.json containing {"type": "module"} in the workflow's folder (\`reins init\` writes one)`;
    }
    if (dirname(dir) === dir)
      return `no package.json declares "type": "module" above ${path}; Reins loads workflow modules as ES modules: add a package.json containing {"type": "module"} in the workflow's folder (\`reins init\` writes one)`;
  }
}
