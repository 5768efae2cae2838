import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { type PerturbationName, perturbationNames } from "../suite.js";

const hint = 'list names separated by commas, e.g. "missing-field,tool-error", or "all"';

/**
 * Parses the `perturb` option written as text: perturbation names separated by commas (`missing-field,tool-error`),
 * or `all`. Duplicates are dropped; an unknown or missing name is a usage error on `perturb` listing the valid ones.
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
      message: `perturb names no perturbation; valid: ${valid}`,
      option: "perturb",
      hint,
    });
  }
  if (parts.includes("all")) return "all";
  const unknown = parts.filter((part) => !isPerturbationName(part));
  if (unknown.length > 0) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `perturb: unknown perturbation ${unknown.map((name) => `"${name}"`).join(", ")}; valid: ${valid}`,
      option: "perturb",
      hint,
    });
  }
  return [...new Set(parts)] as PerturbationName[];
}

function isPerturbationName(name: string): name is PerturbationName {
  return (perturbationNames as readonly string[]).includes(name);
}
