import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

const charterFile = /^(charter|.+\.charter)\.(ya?ml|json)$/;

/** `charter.yaml` or `<name>.charter.yaml` (also `.yml`, `.json`). */
export function isCharterFileName(name: string): boolean {
  return charterFile.test(name);
}

/** The charter files a path names: the file itself, or every charter file below a folder. */
export async function findCharterFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) {
    throw new UserError({
      code: ErrorCode.FileNotFound,
      message: `no such file or folder: ${target}`,
      file: target,
    });
  }
  if (info.isFile()) return [target];
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (isCharterFileName(basename(path))) found.push(path);
    }
  };
  await walk(target);
  if (found.length === 0) {
    throw new UserError({
      code: ErrorCode.FileNotFound,
      message: `no charter found in ${target}`,
      file: target,
      hint: "name it charter.yaml (or <name>.charter.yaml)",
    });
  }
  return found;
}
