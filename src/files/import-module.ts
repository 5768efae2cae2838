import { existsSync } from "node:fs";
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
  try {
    ensureTypeScriptLoader();
    return (await import(`${pathToFileURL(path).href}?reins-load=${++loads}`)) as Record<string, unknown>;
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
}
