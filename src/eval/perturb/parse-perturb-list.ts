import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { type PerturbationName, perturbationNames } from "../suite.js";

/**
 * Parses the `--perturb` flag: perturbation names separated by commas (`missing-field,tool-error`), or `all`.
 * Duplicates are dropped; an unknown or missing name is a usage error listing the valid ones.
 */
export function parsePerturbList(text: string): readonly PerturbationName[] | "all" {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const valid = `all, ${perturbationNames.join(", ")}`;
  if (parts.length === 0) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `--perturb names no perturbation; valid: ${valid}`,
      path: "--perturb",
      hint: "pass names separated by commas, e.g. --perturb missing-field,tool-error, or --perturb all",
    });
  }
  if (parts.includes("all")) return "all";
  const unknown = parts.filter((part) => !isPerturbationName(part));
  if (unknown.length > 0) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `unknown perturbation ${unknown.map((name) => `"${name}"`).join(", ")}; valid: ${valid}`,
      path: "--perturb",
      hint: "pass names separated by commas, e.g. --perturb missing-field,tool-error, or --perturb all",
    });
  }
  return [...new Set(parts)] as PerturbationName[];
}

function isPerturbationName(name: string): name is PerturbationName {
  return (perturbationNames as readonly string[]).includes(name);
}
