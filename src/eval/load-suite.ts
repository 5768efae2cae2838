import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { type ModuleLoader, withModuleLoader } from "../files/module-loader.js";
import { findCharterFiles } from "../workflow/find-charters.js";
import { findModule, loadWorkflow, type Workflow } from "../workflow/load-workflow.js";
import type { EvalCase } from "./case.js";
import { checkSuiteDefinition } from "./check-suite.js";
import { expandDatasets, loadCaseFiles } from "./load-cases.js";
import type { Suite, SuiteDefinition } from "./suite.js";
import { suiteDefinition } from "./suite-options.js";

/**
 * Loads a suite folder: the charter with its tools and policies, `suite.ts` (exporting `suite`, made with
 * defineSuite), the datasets it names (default `cases/*`) and the red-team library in `redteam/`. Every problem of
 * the folder — charter, tools, policies, cases and their labels, suite options — is reported together.
 */
export async function loadSuite(target: string, options: LoadSuiteOptions = {}): Promise<Suite> {
  return withModuleLoader(options.loader, async (loader) => {
    const charterFiles = await findCharterFiles(target);
    if (charterFiles.length !== 1) {
      throw new UserError({
        code: ErrorCode.Usage,
        message: `a suite folder holds exactly one charter; ${target} holds ${charterFiles.length}`,
        file: target,
      });
    }
    const inspected = await inspectFolder(charterFiles[0] as string, loader, {
      requireSuite: true,
      ...(options.options ? { options: options.options } : {}),
      ...(options.reservedOptions ? { reservedOptions: options.reservedOptions } : {}),
    });
    throwIfProblems(inspected.problems);
    return inspected.suite as Suite;
  });
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

/** What a workflow folder holds, and every problem found in it. */
export interface InspectedFolder {
  workflow: Workflow | undefined;
  /** The suite, when `suite.ts` exists and everything loaded. */
  suite: Suite | undefined;
  /** The suite module, if there is one. */
  suiteFile: string | undefined;
  /** The cases loaded (from the suite's datasets, or `cases/*` without a suite). */
  cases: EvalCase[];
  /** Every problem: thrown user errors, each as it was (with its code and hint). */
  problems: UserError[];
}

/**
 * Loads everything in a charter's folder — charter, tools, policies, agent, suite, cases, red-team cases — and
 * cross-checks them, collecting every problem instead of stopping at the first. Without `suite.ts`, the cases in
 * `cases/` are still checked (a missing suite is a problem only with `requireSuite`).
 */
export async function inspectFolder(
  charterFile: string,
  loader: ModuleLoader,
  options: { requireSuite?: boolean } & Pick<LoadSuiteOptions, "options" | "reservedOptions"> = {},
): Promise<InspectedFolder> {
  const dir = dirname(charterFile);
  const problems: UserError[] = [];
  const collect = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (!UserError.isInstance(error)) throw error;
      problems.push(error);
      return undefined;
    }
  };
  const suiteFile = findModule(dir, "suite");
  // The suite's modules compile in one esbuild run with the workflow's.
  await loader.prepare([...["tools", "policies", "agent"].map((base) => findModule(dir, base)), suiteFile]);
  const crossIssues: ValidationIssue[] = [];
  const workflow = await collect(() => loadWorkflow(charterFile, { loader, crossIssues }));
  if (crossIssues.length > 0)
    problems.push(new ValidationError({ code: ErrorCode.PolicyInvalid, issues: crossIssues }));
  const labels = workflow ? { charter: workflow.charter, registry: workflow.registry } : undefined;
  const loadCases = async (patterns: string[], explicit: boolean) => {
    const files = await expandDatasets(dir, patterns);
    const empty = explicit
      ? (
          await Promise.all(patterns.map(async (p) => ((await expandDatasets(dir, [p])).length ? [] : [p])))
        ).flat()
      : [];
    const cases = (await collect(() => loadCaseFiles(files, labels ? { labels } : {}))) ?? [];
    return { cases, empty };
  };

  if (!suiteFile) {
    if (options.requireSuite)
      problems.push(
        new UserError({
          code: ErrorCode.FileNotFound,
          message: `no suite.ts in ${dir}`,
          file: dir,
          hint: "add suite.ts exporting `suite = defineSuite({ name, environment, … })` (see docs/first-workflow.md)",
        }),
      );
    const cases = existsSync(join(dir, "cases")) ? (await loadCases(["cases/*"], false)).cases : [];
    return { workflow, suite: undefined, suiteFile, cases, problems };
  }
  const definition = await collect(async () => {
    const module = await loader.import(suiteFile);
    const found = (await suiteDefinition({
      exported: module.suite ?? module.default,
      suiteFile,
      suiteDir: dir,
      given: options.options ?? {},
      ...(options.reservedOptions ? { reserved: options.reservedOptions } : {}),
    })) as SuiteDefinition | undefined;
    if (!found || typeof found.name !== "string" || typeof found.environment?.create !== "function") {
      throw new UserError({
        code: ErrorCode.ModuleLoad,
        message: `${suiteFile} must export \`suite\`, made with defineSuite({ name, environment, … }) or defineSuite({ options, define })`,
        file: suiteFile,
      });
    }
    return found;
  });
  const { cases, empty } = await loadCases(
    definition?.datasets ?? ["cases/*"],
    definition?.datasets !== undefined,
  );
  const redteamLibrary = existsSync(join(dir, "redteam"))
    ? (await loadCases(["redteam/*"], false)).cases
    : [];
  // A case that cannot run as written (its input stored redacted) is counted apart, never run or passed.
  const redteamCases = redteamLibrary.filter((c) => c.redteam?.notRunnable === undefined);
  const redteamNotRunnable = redteamLibrary.flatMap((c) =>
    c.redteam?.notRunnable === undefined ? [] : [{ id: c.id, reason: c.redteam.notRunnable }],
  );
  if (definition && workflow) {
    const issues = checkSuiteDefinition({
      definition,
      charter: workflow.charter,
      file: suiteFile,
      source: readFileSync(suiteFile, "utf8"),
      emptyDatasets: empty,
    });
    if (issues.length > 0) problems.push(new ValidationError({ code: ErrorCode.Usage, issues }));
  }
  const suite =
    definition && workflow && problems.length === 0
      ? {
          ...definition,
          baseline: definition.baseline ?? workflow.agent,
          dir,
          charter: workflow.charter,
          registry: workflow.registry,
          policies: workflow.policies,
          cases,
          redteamCases,
          ...(redteamNotRunnable.length === 0 ? {} : { redteamNotRunnable }),
        }
      : undefined;
  return { workflow, suite, suiteFile, cases, problems };
}

/** Throws the one problem as it is, or all of them as one error (the first one's code), one located line each. */
export function throwIfProblems(problems: readonly UserError[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw problems[0];
  throw new ValidationError({
    code: (problems[0] as UserError).code,
    issues: problems.flatMap(issuesOf),
  });
}

/** A user error's located lines: a validation error's issues, or the error itself (with its hint). */
export function issuesOf(error: UserError): ValidationIssue[] {
  if (error instanceof ValidationError) return [...error.issues];
  const { file, line, column, path } = error;
  const location = Object.fromEntries(
    Object.entries({ file, line, column, path }).filter(([, value]) => value !== undefined),
  );
  return [{ ...location, message: error.hint ? `${error.message} — hint: ${error.hint}` : error.message }];
}
