import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Charter } from "../charter/charter.js";
import { loadCharter } from "../charter/load-charter.js";
import { isToolCard } from "../contract/tool-card.js";
import { createToolRegistry, type ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { type ModuleLoader, withModuleLoader } from "../files/module-loader.js";
import type { PolicyRule } from "../policy/policy-rule.js";
import type { FunctionAgent } from "../runtime/agent.js";

/** A charter with the tools and custom policies that sit beside it. */
export interface Workflow {
  charter: Charter;
  registry: ToolRegistry;
  /** Custom TypeScript rules from `policies.ts`, if there is one. */
  policies: PolicyRule[];
  /** The charter file. */
  charterFile: string;
  /** The tools module, if there is one. */
  toolsFile: string | undefined;
  /** `createEnv()` from the tools module: the world the tools act on in `reins run`. */
  createEnv: (() => unknown) | undefined;
  /** The function agent exported by `agent.ts` (`export const agent = functionAgent(...)`), if any. */
  agent: FunctionAgent | undefined;
}

const moduleExtensions = [".ts", ".mts", ".js", ".mjs"];

/** Finds `<dir>/<base>.ts` (or `.mts`, `.js`, `.mjs`). */
export function findModule(dir: string, base: string): string | undefined {
  return moduleExtensions.map((ext) => join(dir, `${base}${ext}`)).find((path) => existsSync(path));
}

/** Options of `loadWorkflow`. */
export interface LoadWorkflowOptions {
  /**
   * The loader that imports the workflow's modules, for a caller loading several (it closes the loader when done).
   * Without it, `loadWorkflow` makes its own and closes it before returning.
   */
  loader?: ModuleLoader;
  /**
   * Collects the problems between the charter and its tools (a policy on a field a tool's input lacks) instead of
   * throwing them, so that a folder's every problem is reported at once.
   */
  crossIssues?: ValidationIssue[];
  /**
   * The tools the charter's names resolve to, instead of a `tools.ts` beside it (which is then not loaded):
   * `reins mcp-proxy` gives the upstream MCP server's tools.
   */
  registry?: ToolRegistry;
}

/**
 * Loads a charter and, from the same folder, `tools.ts` (exporting `tools`, an array of cards, or a default
 * array), `policies.ts` (exporting `policies`, an array of custom rules) and `agent.ts` (exporting `agent`).
 */
export async function loadWorkflow(
  charterFile: string,
  options: LoadWorkflowOptions = {},
): Promise<Workflow> {
  return withModuleLoader(options.loader, (loader) =>
    loadWorkflowWith(charterFile, loader, options.crossIssues, options.registry),
  );
}

async function loadWorkflowWith(
  charterFile: string,
  loader: ModuleLoader,
  crossIssues: ValidationIssue[] | undefined,
  registry: ToolRegistry | undefined,
): Promise<Workflow> {
  const dir = dirname(charterFile);
  const toolsFile = registry === undefined ? findModule(dir, "tools") : undefined;
  const policiesFile = findModule(dir, "policies");
  const agentFile = findModule(dir, "agent");
  await loader.prepare([toolsFile, policiesFile, agentFile]);
  const tools = toolsFile
    ? await loadTools(toolsFile, loader)
    : { registry: registry ?? createToolRegistry([]), createEnv: undefined };
  const charter = await loadCharter(charterFile, {
    registry: tools.registry,
    ...(crossIssues ? { crossIssues } : {}),
  });
  const policies = policiesFile ? await loadPolicies(policiesFile, loader) : [];
  const agent = agentFile ? await loadAgent(agentFile, loader) : undefined;
  return {
    charter,
    registry: tools.registry,
    policies,
    charterFile,
    toolsFile,
    createEnv: tools.createEnv,
    agent,
  };
}

async function loadTools(
  file: string,
  loader: ModuleLoader,
): Promise<{ registry: ToolRegistry; createEnv: (() => unknown) | undefined }> {
  const module = await loader.import(file);
  const exported = module.tools ?? module.default;
  const cards = Array.isArray(exported) ? exported : Object.values(module).filter(isToolCard);
  const createEnv = typeof module.createEnv === "function" ? (module.createEnv as () => unknown) : undefined;
  return { registry: createToolRegistry(cards, file), createEnv };
}

async function loadAgent(file: string, loader: ModuleLoader): Promise<FunctionAgent> {
  const module = await loader.import(file);
  const agent = (module.agent ?? module.default) as FunctionAgent | undefined;
  if (agent?.kind !== "function" || typeof agent.run !== "function") {
    throw new ValidationError({
      code: ErrorCode.ModuleLoad,
      issues: [{ file, message: "must export `agent`, made with functionAgent(name, run)" }],
    });
  }
  return agent;
}

async function loadPolicies(file: string, loader: ModuleLoader): Promise<PolicyRule[]> {
  const module = await loader.import(file);
  const exported = module.policies ?? module.default;
  if (!Array.isArray(exported)) {
    throw new ValidationError({
      code: ErrorCode.PolicyInvalid,
      issues: [{ file, message: "must export `policies`, an array of rules made with definePolicy" }],
    });
  }
  exported.forEach((rule, index) => {
    if (typeof rule?.name !== "string" || typeof rule?.check !== "function") {
      throw new ValidationError({
        code: ErrorCode.PolicyInvalid,
        issues: [
          { file, path: `policies[${index}]`, message: "is not a policy rule (make it with definePolicy)" },
        ],
      });
    }
  });
  return exported as PolicyRule[];
}
