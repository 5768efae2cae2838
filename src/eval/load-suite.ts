import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { type ModuleLoader, withModuleLoader } from "../files/module-loader.js";
import { findCharterFiles } from "../workflow/find-charters.js";
import { findModule, loadWorkflow } from "../workflow/load-workflow.js";
import { expandDatasets, loadCaseFiles } from "./load-cases.js";
import type { Suite, SuiteDefinition } from "./suite.js";
import { suiteDefinition } from "./suite-options.js";

/**
 * Loads a suite folder: the charter with its tools and policies, `suite.ts` (exporting `suite`, made with
 * defineSuite), the datasets it names (default `cases/*`) and the red-team library in `redteam/`.
 */
export async function loadSuite(target: string, options: LoadSuiteOptions = {}): Promise<Suite> {
  return withModuleLoader(options.loader, (loader) => loadSuiteWith(target, loader, options));
}

/** Options of `loadSuite`. */
export interface LoadSuiteOptions {
  /**
   * The loader that imports the suite's modules, for a caller loading several (it closes the loader when done).
   * Without it, `loadSuite` makes its own and closes it before returning.
   */
  loader?: ModuleLoader;
  /**
   * Values of the options the suite declares (`defineSuite({ options, define })`), as text by name, e.g.
   * `{ tasks: "tasks.json" }`; an option the suite does not declare is a usage error naming the declared ones.
   */
  options?: Readonly<Record<string, string>>;
  /** Option names a suite may not declare: the flags of the command loading it (they never reach the suite). */
  reservedOptions?: readonly string[];
}

async function loadSuiteWith(
  target: string,
  loader: ModuleLoader,
  options: LoadSuiteOptions,
): Promise<Suite> {
  const charterFiles = await findCharterFiles(target);
  if (charterFiles.length !== 1) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `a suite folder holds exactly one charter; ${target} holds ${charterFiles.length}`,
      file: target,
    });
  }
  const charterFile = charterFiles[0] as string;
  const dir = dirname(charterFile);
  const suiteFile = findModule(dir, "suite");
  // The suite's modules compile in one esbuild run with the workflow's.
  await loader.prepare([...["tools", "policies", "agent"].map((base) => findModule(dir, base)), suiteFile]);
  const workflow = await loadWorkflow(charterFile, { loader });
  if (!suiteFile) {
    throw new UserError({
      code: ErrorCode.FileNotFound,
      message: `no suite.ts in ${dir}`,
      file: dir,
      hint: "add suite.ts exporting `suite = defineSuite({ name, environment, … })` (see docs/first-workflow.md)",
    });
  }
  const module = await loader.import(suiteFile);
  const definition = (await suiteDefinition({
    exported: module.suite ?? module.default,
    suiteFile,
    suiteDir: dir,
    given: options.options ?? {},
    ...(options.reservedOptions ? { reserved: options.reservedOptions } : {}),
  })) as SuiteDefinition | undefined;
  if (
    !definition ||
    typeof definition.name !== "string" ||
    typeof definition.environment?.create !== "function"
  ) {
    throw new UserError({
      code: ErrorCode.ModuleLoad,
      message: `${suiteFile} must export \`suite\`, made with defineSuite({ name, environment, … }) or defineSuite({ options, define })`,
      file: suiteFile,
    });
  }
  const cases = await loadCaseFiles(await expandDatasets(dir, definition.datasets ?? ["cases/*"]));
  const redteamDir = join(dir, "redteam");
  const redteamCases = existsSync(redteamDir)
    ? await loadCaseFiles(await expandDatasets(dir, ["redteam/*"]))
    : [];
  return {
    ...definition,
    baseline: definition.baseline ?? workflow.agent,
    dir,
    charter: workflow.charter,
    registry: workflow.registry,
    policies: workflow.policies,
    cases,
    redteamCases,
  };
}
