import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { ValidationIssue } from "../errors/validation-error.js";

/** Options of `typeCheckFolder`. */
export interface TypeCheckOptions {
  /** The workflow folder: its `.ts` / `.mts` files are checked (not `node_modules`). */
  dir: string;
  /** Where errors' file names are relative to (default: the working directory). */
  cwd?: string;
}

/** The type errors of a folder, and what it was checked with. */
export interface TypeCheckResult {
  files: number;
  issues: ValidationIssue[];
  /** The `typescript` version used, and where `reins` types came from. */
  typescript: string;
  reinsTypes: "folder" | "cli";
}

/** The part of the `typescript` API used here: it is loaded from the user's install, never bundled or typed from ours. */
interface Diagnostic {
  file?: {
    fileName: string;
    getLineAndCharacterOfPosition(pos: number): { line: number; character: number };
  };
  start?: number;
  code: number;
  messageText: unknown;
}
type CompilerOptions = Record<string, unknown> & { paths?: Record<string, string[]> };
interface Ts {
  version: string;
  sys: { fileExists(path: string): boolean; readFile(path: string): string | undefined };
  ScriptTarget: { ES2022: number };
  ModuleKind: { NodeNext: number };
  ModuleResolutionKind: { NodeNext: number };
  findConfigFile(dir: string, exists: (path: string) => boolean): string | undefined;
  readConfigFile(
    file: string,
    read: (path: string) => string | undefined,
  ): { config?: unknown; error?: unknown };
  parseJsonConfigFileContent(config: unknown, host: unknown, dir: string): { options: CompilerOptions };
  resolveModuleName(
    name: string,
    from: string,
    options: CompilerOptions,
    host: unknown,
  ): { resolvedModule?: unknown };
  createProgram(options: { rootNames: string[]; options: CompilerOptions }): unknown;
  getPreEmitDiagnostics(program: unknown): readonly Diagnostic[];
  flattenDiagnosticMessageText(text: unknown, newLine: string): string;
}

/**
 * Type-checks a workflow folder's TypeScript with the `typescript` compiler resolvable from the folder (or from the
 * running Reins), under the nearest tsconfig.json (or strict NodeNext defaults). Where the folder cannot resolve
 * `reins` (or `zod`), they resolve to the running Reins' own, the copies its modules load with. Without
 * `typescript` anywhere, a `UserError` says how to install it: never a silent pass.
 */
export async function typeCheckFolder({
  dir,
  cwd = process.cwd(),
}: TypeCheckOptions): Promise<TypeCheckResult> {
  const ts = await loadTypeScript(dir);
  const files = sourceFiles(resolve(dir));
  const configFile = ts.findConfigFile(resolve(dir), ts.sys.fileExists);
  let options: CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
  };
  if (configFile) {
    const read = ts.readConfigFile(configFile, ts.sys.readFile);
    if (!read.error)
      options = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configFile)).options;
  }
  options = { ...options, noEmit: true, incremental: false, composite: false, declaration: false };
  const probe = join(resolve(dir), "__reins_probe__.ts");
  const resolves = (name: string) =>
    ts.resolveModuleName(name, probe, options, ts.sys).resolvedModule !== undefined;
  const reinsRoot = ownPackageRoot();
  const paths: Record<string, string[]> = { ...(options.paths ?? {}) };
  const reinsFromFolder = resolves("reins");
  if (!reinsFromFolder && reinsRoot) {
    paths.reins = [join(reinsRoot, "dist/index.d.ts")];
    paths["reins/*"] = [join(reinsRoot, "dist/*/index.d.ts")];
  }
  if (!resolves("zod") && reinsRoot) {
    const zod = resolveFrom(reinsRoot, "zod/package.json");
    if (zod) paths.zod = [dirname(zod)];
  }
  if (Object.keys(paths).length > 0) options = { ...options, paths };
  const program = ts.createProgram({ rootNames: files, options });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const inFolder = new Set(files.map((f) => resolve(f)));
  const issues = diagnostics
    // Errors in the folder's own files (a broken library's are reported through what uses it).
    .filter((d) => d.file === undefined || inFolder.has(resolve(d.file.fileName)))
    .map((d): ValidationIssue => {
      const message = `${ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0]} (TS${d.code})`;
      if (!d.file || d.start === undefined) return { message };
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const near = relative(cwd, d.file.fileName);
      const file = near.startsWith("..") ? resolve(d.file.fileName) : near;
      return { file, line: line + 1, column: character + 1, message };
    });
  return {
    files: files.length,
    issues,
    typescript: ts.version,
    reinsTypes: reinsFromFolder ? "folder" : "cli",
  };
}

async function loadTypeScript(dir: string): Promise<Ts> {
  const root = ownPackageRoot();
  const found =
    resolveFrom(resolve(dir), "typescript") ??
    (root === undefined ? undefined : resolveFrom(root, "typescript"));
  if (found === undefined) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `--types needs the TypeScript compiler, and "typescript" is installed neither in ${dir} nor beside reins`,
      file: dir,
      hint: "install it in your project (npm install --save-dev typescript), then run reins validate --types again",
    });
  }
  const module = (await import(pathToFileURL(found).href)) as Ts & { default?: Ts };
  return module.default ?? module;
}

function resolveFrom(dir: string, specifier: string): string | undefined {
  try {
    return createRequire(join(dir, "__reins_probe__.js")).resolve(specifier);
  } catch {
    return undefined;
  }
}

/** The installed `reins` package this code runs from (the folder of its package.json). */
function ownPackageRoot(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "bin", "reins.js"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.m?ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out.sort();
}
