export type { PerturbationContext } from "../suite.js";
