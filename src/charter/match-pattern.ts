import { compileLinearPattern, type LinearPattern, linearPatternProblem } from "../schema/linear-pattern.js";

/** A compiled `matches` pattern: RE2 syntax, run in time linear in the input (no catastrophic backtracking). */
export type MatchPattern = LinearPattern;

/** Compiles a `matches` pattern with RE2; throws RE2's syntax error for a pattern it cannot run. */
export function compileMatchPattern(source: string): MatchPattern {
  return compileLinearPattern(source);
}

/** Why RE2 cannot run this pattern, in words a charter author can act on; undefined when it can. */
export function matchPatternProblem(source: string): string | undefined {
  return linearPatternProblem(source);
}
