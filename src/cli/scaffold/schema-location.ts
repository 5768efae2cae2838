import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { schemaFolder } from "../../eval/file-schemas.js";

/**
 * The folder of the JSON Schemas a new workflow folder's YAML should point at, as the folder's YAML writes it: the
 * schemas of the Reins its modules will use — the project's (an enclosing package named `reins`, as in a clone, or
 * `node_modules/reins` up the tree), else the running CLI's own. Relative to `workflowDir` (posix separators) when
 * it can be, so the folder can move with its project.
 */
export function schemaDirFor(workflowDir: string): string {
  const target = resolve(workflowDir);
  const own = projectReins(dirname(target));
  const pkg = own && existsSync(join(own, schemaFolder)) ? own : runningReins();
  const dir = join(pkg, schemaFolder);
  const path = relative(target, dir);
  return isAbsolute(path) ? path : path.split(sep).join("/");
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
