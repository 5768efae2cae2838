import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { importUserModule } from "../files/import-module.js";
import { releaseTypeScriptCompiler } from "../files/typescript-modules.js";
import { findCharterFiles } from "../workflow/find-charters.js";
import { findModule, loadWorkflowModules } from "../workflow/load-workflow.js";
import { expandDatasets, loadCaseFiles } from "./load-cases.js";
import type { Suite, SuiteDefinition } from "./suite.js";

/**
 * Loads a suite folder: the charter with its tools and policies, `suite.ts` (exporting `suite`, made with
 * defineSuite), the datasets it names (default `cases/*`) and the red-team library in `redteam/`.
 */
export async function loadSuite(target: string): Promise<Suite> {
  try {
    return await loadSuiteFolder(target);
  } finally {
    await releaseTypeScriptCompiler();
  }
}

async function loadSuiteFolder(target: string): Promise<Suite> {
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
  const workflow = await loadWorkflowModules(charterFile, [suiteFile]);
  if (!suiteFile) {
    throw new UserError({
      code: ErrorCode.FileNotFound,
      message: `no suite.ts in ${dir}`,
      file: dir,
      hint: "add suite.ts exporting `suite = defineSuite({ name, environment, … })` (see docs/first-workflow.md)",
    });
  }
  const module = await importUserModule(suiteFile);
  const definition = (module.suite ?? module.default) as SuiteDefinition | undefined;
  if (
    !definition ||
    typeof definition.name !== "string" ||
    typeof definition.environment?.create !== "function"
  ) {
    throw new UserError({
      code: ErrorCode.ModuleLoad,
      message: `${suiteFile} must export \`suite\`, made with defineSuite({ name, environment, … })`,
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
