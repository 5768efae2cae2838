import type { Perturbation } from "../suite.js";

/** What a perturbation sees besides the base case: the suite's charter and tools, and where to plant text. */
export type PerturbationContext = Parameters<Perturbation>[1] & {
  /** The suite's `textField`: the dotted input path where contradictory instructions are planted. */
  textField?: string;
};
