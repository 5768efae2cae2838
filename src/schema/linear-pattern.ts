import { RE2JS } from "re2js";

/** A compiled pattern: RE2 syntax, run in time linear in the input (no catastrophic backtracking). */
export interface LinearPattern {
  /** Whether the pattern matches anywhere in `value` (anchor it with `^…$` to match the whole). */
  test(value: string): boolean;
}

/** Compiles a pattern with RE2; throws RE2's syntax error for a pattern it cannot run. */
export function compileLinearPattern(source: string): LinearPattern {
  const compiled = RE2JS.compile(source);
  return { test: (value) => compiled.test(value) };
}

/** Why RE2 cannot run this pattern, in words an author can act on; undefined when it can. */
export function linearPatternProblem(source: string): string | undefined {
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).replace(
      /^error parsing regexp: /,
      "",
    );
    const unsupported = /\(\?<?[=!]/.test(source)
      ? "; lookahead and lookbehind are not supported"
      : /\\[1-9]|\\k</.test(source)
        ? "; backreferences are not supported"
        : "";
    return `is not a pattern the linear-time engine can run (RE2 syntax): ${detail}${unsupported}`;
  }
}
