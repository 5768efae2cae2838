import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { schemaFolder } from "../../eval/file-schemas.js";

/**
 * The folder of the JSON Schemas a new workflow folder's YAML should point at, as the folder's YAML writes it: the
 * schemas of the Reins its modules will use — the project's (an enclosing package named `reins`, as in a clone, or
 * `node_modules/reins` up the tree), relative to `workflowDir` (posix separators) so the folder moves with its
 * project; else the running CLI's own, by absolute path.
 */
export function schemaDirFor(workflowDir: string): string {
  const target = resolve(workflowDir);
  const own = projectReins(dirname(target));
  if (own && existsSync(join(own, schemaFolder))) {
    const path = relative(target, join(own, schemaFolder));
    return isAbsolute(path) ? path : path.split(sep).join("/");
  }
  // The running CLI's copy lives outside the project (npx's cache, a global install): its absolute path.
  return join(runningReins(), schemaFolder);
}

function projectReins(from: string): string | undefined {
  for (let at = from; ; at = dirname(at)) {
    if (isReins(join(at, "package.json"))) return at;
    const installed = join(at, "node_modules", "reins");
    if (isReins(join(installed, "package.json"))) return installed;
    if (dirname(at) === at) return undefined;
  }
}

/** The package this CLI runs from (found from this module's own file, in dist/ or src/). */
function runningReins(): string {
  for (let at = dirname(fileURLToPath(import.meta.url)); ; at = dirname(at)) {
    if (isReins(join(at, "package.json"))) return at;
    if (dirname(at) === at) throw new Error("the running Reins has no package.json named reins above it");
  }
}

function isReins(packageJson: string): boolean {
  try {
    return (JSON.parse(readFileSync(packageJson, "utf8")) as { name?: unknown }).name === "reins";
  } catch {
    return false;
  }
}
