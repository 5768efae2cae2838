import type { Perturbation } from "../suite.js";

/**
 * The default for `duplicate-record`, `stale-record` and `do-nothing`: not applicable. What a duplicate, a
 * stale record or a case with nothing to do looks like depends on the world, so only the suite can declare
 * them.
 */
export const worldSpecific: Perturbation = () => undefined;
