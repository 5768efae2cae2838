import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

/** A file's sha256, or "" when it does not exist (a tsconfig.json appearing where none was changes the outputs too). */
export function hashFile(path: string): string {
  try {
    return sha256(readFileSync(path));
  } catch {
    return "";
  }
}

/** What one cached compilation of a set of entry files holds. */
export interface CachedCompilation {
  /** Every file the outputs were compiled from (sources, JSON they inline, the tsconfig chain), by path: sha256. */
  inputs: Record<string, string>;
  /** Each entry file's output. */
  outputs: Record<string, string>;
  /** Each TypeScript file they import, directly or not: its output. */
  dependencies: Record<string, string>;
}

/** Where compiled modules are written, and the record of which sources they came from. */
export interface CompileCache {
  /** The folder this cache writes outputs to (made on first call): in the shared cache, or private. */
  outputDir(): string;
  /** The cached compilation of these entry files, if every input is unchanged and every output still there. */
  read(entries: readonly string[]): CachedCompilation | undefined;
  /** Records a compilation of these entry files for the next process. */
  save(entries: readonly string[], compilation: CachedCompilation): void;
}

/**
 * The default cache: private to the user (`<tmp>/reins-ts-cache-<uid>`), it outlasts the process, so the next one
 * imports the same outputs without starting esbuild. Manifests and output folders unused for a week are removed.
 */
export const defaultCacheDir = () => join(tmpdir(), `reins-ts-cache-${process.getuid?.() ?? "user"}`);

const keepDays = 7;
const manifestName = /^[0-9a-f]{32}\.json(\.\d+)?$/;
const outputDirName = /^out-[A-Za-z0-9]{6}$/;

/**
 * Opens the compile cache in `root`. If `root` is not a real folder of the user's own, closed to others' writes
 * (someone else made it first, or planted a symlink there), nothing is cached or pruned: outputs go to a private
 * folder of this cache's own, removed when the process exits.
 */
export function openCompileCache(root: string = defaultCacheDir()): CompileCache {
  const usable = trustedFolder(root);
  let buildKey: string | undefined;
  let outDir: string | undefined;
  const manifestFile = (entries: readonly string[]) => {
    buildKey ??= thisBuild();
    return join(root, `${sha256(JSON.stringify([buildKey, [...entries].sort()])).slice(0, 32)}.json`);
  };
  return {
    outputDir() {
      if (outDir === undefined) {
        if (usable) {
          pruneCache(root);
          outDir = mkdtempSync(join(root, "out-"));
        } else {
          const dir = mkdtempSync(join(tmpdir(), "reins-modules-"));
          process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
          outDir = dir;
        }
      }
      return outDir;
    },
    read(entries) {
      return usable ? readManifest(manifestFile(entries)) : undefined;
    },
    save(entries, compilation) {
      if (!usable) return;
      const manifest = manifestFile(entries);
      const content: Manifest = { schemaVersion: 2, ...compilation };
      const staged = `${manifest}.${process.pid}`;
      writeFileSync(staged, JSON.stringify(content));
      renameSync(staged, manifest);
    },
  };
}

/** Whether `root` can be trusted with code this process will import: lstat, so a symlink planted there is not. */
function trustedFolder(root: string): boolean {
  try {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const stat = lstatSync(root);
    const uid = process.getuid?.();
    return stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * Removes the manifests and output folders unused for a week: only names this cache gives, only real files and
 * folders (never a symlink, nor what one points to) owned by this user. `rmSync` unlinks symlinks inside a folder.
 */
function pruneCache(root: string): void {
  const cutoff = Date.now() - keepDays * 24 * 3600 * 1000;
  const uid = process.getuid?.();
  for (const entry of readdirSync(root)) {
    const path = join(root, entry);
    try {
      const stat = lstatSync(path);
      if (stat.mtimeMs >= cutoff || (uid !== undefined && stat.uid !== uid)) continue;
      if (outputDirName.test(entry) && stat.isDirectory()) rmSync(path, { recursive: true, force: true });
      else if (manifestName.test(entry) && stat.isFile()) rmSync(path, { force: true });
    } catch {
      // Gone already (another process pruned it).
    }
  }
}

interface Manifest extends CachedCompilation {
  schemaVersion: 2;
}

function readManifest(manifest: string): CachedCompilation | undefined {
  let cached: Manifest;
  try {
    cached = JSON.parse(readFileSync(manifest, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
  if (cached.schemaVersion !== 2) return undefined;
  for (const [path, hash] of Object.entries(cached.inputs)) if (hashFile(path) !== hash) return undefined;
  const files = [...Object.values(cached.outputs), ...Object.values(cached.dependencies)];
  if (!files.every((file) => existsSync(file))) return undefined;
  // Used: kept from pruning another week.
  const now = new Date();
  for (const path of [manifest, ...new Set(files.map((file) => dirname(file)))]) utimesSync(path, now, now);
  return { inputs: cached.inputs, outputs: cached.outputs, dependencies: cached.dependencies };
}

/** This build of Reins (its file and when it was written) and esbuild's version. */
function thisBuild(): string {
  const self = fileURLToPath(import.meta.url);
  let esbuildVersion = "?";
  try {
    esbuildVersion = (createRequire(import.meta.url)("esbuild/package.json") as { version: string }).version;
  } catch {
    // Not installed: compilation will say so.
  }
  return JSON.stringify([self, statSync(self).mtimeMs, esbuildVersion]);
}
