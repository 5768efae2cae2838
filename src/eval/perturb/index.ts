export type { PerturbationContext } from "./context.js";
export { contradictoryInstruction, contradictorySentence } from "./contradictory-instruction.js";
export { defaultPerturbations } from "./defaults.js";
export {
  type DerivePerturbedCasesOptions,
  derivePerturbedCases,
  type PerturbedCases,
} from "./derive-perturbed-cases.js";
export { missingField } from "./missing-field.js";
export { parsePerturbList } from "./parse-perturb-list.js";
export { policyTrap } from "./policy-trap.js";
export { toolError } from "./tool-error.js";
export { toolTimeout } from "./tool-timeout.js";
export { worldSpecific } from "./world-specific.js";
