import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** Imports a user's TypeScript or JavaScript module (tools, policies, agents). A failure names the file. */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) {
    throw new UserError({ code: ErrorCode.FileNotFound, message: `cannot find module ${path}`, file: path });
  }
  try {
    return (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
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
