import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Charter } from "../charter/charter.js";
import { loadCharter } from "../charter/load-charter.js";
import { isToolCard } from "../contract/tool-card.js";
import { createToolRegistry, type ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { ValidationError } from "../errors/validation-error.js";
import { importUserModule } from "../files/import-module.js";
import type { PolicyRule } from "../policy/policy-rule.js";

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
}

const moduleExtensions = [".ts", ".mts", ".js", ".mjs"];

/** Finds `<dir>/<base>.ts` (or `.mts`, `.js`, `.mjs`). */
export function findModule(dir: string, base: string): string | undefined {
  return moduleExtensions.map((ext) => join(dir, `${base}${ext}`)).find((path) => existsSync(path));
}

/**
 * Loads a charter and, from the same folder, `tools.ts` (exporting `tools`, an array of cards, or a default
 * array) and `policies.ts` (exporting `policies`, an array of custom rules).
 */
export async function loadWorkflow(charterFile: string): Promise<Workflow> {
  const dir = dirname(charterFile);
  const toolsFile = findModule(dir, "tools");
  const registry = toolsFile ? await loadTools(toolsFile) : createToolRegistry([]);
  const charter = await loadCharter(charterFile, { registry });
  const policiesFile = findModule(dir, "policies");
  const policies = policiesFile ? await loadPolicies(policiesFile) : [];
  return { charter, registry, policies, charterFile, toolsFile };
}

async function loadTools(file: string): Promise<ToolRegistry> {
  const module = await importUserModule(file);
  const exported = module.tools ?? module.default;
  const cards = Array.isArray(exported) ? exported : Object.values(module).filter(isToolCard);
  return createToolRegistry(cards, file);
}

async function loadPolicies(file: string): Promise<PolicyRule[]> {
  const module = await importUserModule(file);
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
