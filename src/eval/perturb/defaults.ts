import type { Perturbation, PerturbationName } from "../suite.js";
import { contradictoryInstruction } from "./contradictory-instruction.js";
import { missingField } from "./missing-field.js";
import { policyTrap } from "./policy-trap.js";
import { toolError } from "./tool-error.js";
import { toolTimeout } from "./tool-timeout.js";
import { worldSpecific } from "./world-specific.js";

/** The built-in perturbations, used where a suite declares none of its own. */
export const defaultPerturbations: Readonly<Record<PerturbationName, Perturbation>> = {
  "missing-field": missingField,
  "duplicate-record": worldSpecific("duplicate-record"),
  "stale-record": worldSpecific("stale-record"),
  "tool-timeout": toolTimeout,
  "tool-error": toolError,
  "contradictory-instruction": contradictoryInstruction,
  "policy-trap": policyTrap,
  "do-nothing": worldSpecific("do-nothing"),
};
