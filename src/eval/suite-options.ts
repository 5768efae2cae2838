import { isAbsolute, resolve } from "node:path";
import { ErrorCode } from "../errors/codes.js";
import { closestName } from "../errors/did-you-mean.js";
import { UserError } from "../errors/reins-error.js";
import type { ConfigurableSuite, SuiteDefinition, SuiteOptions } from "./suite.js";

/** Whether a module's `suite` export declares options (made with `defineSuite({ options, define })`). */
export function isConfigurable(value: unknown): value is ConfigurableSuite {
  const suite = value as Partial<ConfigurableSuite> | undefined;
  return typeof suite?.define === "function" && typeof suite.options === "object" && suite.options !== null;
}

const optionName = /^[a-z][a-zA-Z0-9-]*$/;

/**
 * The values a configurable suite's `define` receives, from the options given as text (`{ tasks: "t.json" }`):
 * every given name must be declared, numbers must be numbers; paths given are resolved against `cwd`, default
 * paths against the suite folder. Each problem is a usage error naming the option and the declared ones.
 */
export function suiteOptionValues(options: {
  suiteFile: string;
  suiteDir: string;
  declared: SuiteOptions | undefined;
  given: Readonly<Record<string, string>>;
  /** Names the command loading the suite takes itself (its own flags): a suite option may not use one. */
  reserved?: readonly string[];
  cwd?: string;
}): Record<string, string | number | undefined> {
  const { suiteFile, suiteDir, given } = options;
  const declared = options.declared ?? {};
  for (const name of Object.keys(declared)) {
    if (!optionName.test(name)) {
      throw new UserError({
        code: ErrorCode.ModuleLoad,
        message: `${suiteFile}: option "${name}" must be named with letters, digits and - (it is passed as --${name})`,
        file: suiteFile,
      });
    }
    if (options.reserved?.includes(name)) {
      throw new UserError({
        code: ErrorCode.ModuleLoad,
        message: `${suiteFile}: option "${name}" cannot be passed: --${name} is a flag of the command itself; rename the option`,
        file: suiteFile,
      });
    }
  }
  const names = Object.keys(declared);
  const listing =
    names.length === 0
      ? "it declares no options"
      : `it declares ${names.map((n) => `--${n} <${declared[n]?.kind}> (${declared[n]?.description})`).join(", ")}`;
  for (const name of Object.keys(given)) {
    if (Object.hasOwn(declared, name)) continue;
    // A typo of the command's own flag lands here too (commander passes unknown flags through to the suite).
    const near = closestName(name, [...names, ...(options.reserved ?? [])]);
    throw new UserError({
      code: ErrorCode.Usage,
      message: `unknown option --${name}: the suite in ${suiteFile} does not declare it${near ? `. Did you mean --${near}?` : ""}; ${listing}`,
      path: `--${name}`,
      hint: "a suite takes the options it declares with defineSuite({ options, define }); see docs/reference/suite.md",
    });
  }
  const values: Record<string, string | number | undefined> = {};
  for (const [name, option] of Object.entries(declared)) {
    const text = given[name];
    if (text === undefined) {
      const fallback = option.default;
      values[name] =
        option.kind === "path" && typeof fallback === "string" && !isAbsolute(fallback)
          ? resolve(suiteDir, fallback)
          : fallback;
      continue;
    }
    if (option.kind === "number") {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) {
        throw new UserError({
          code: ErrorCode.Usage,
          message: `--${name} takes a number (${option.description}); got "${text}"`,
          path: `--${name}`,
        });
      }
      values[name] = n;
    } else {
      values[name] = option.kind === "path" ? resolve(options.cwd ?? process.cwd(), text) : text;
    }
  }
  return values;
}

/** A configurable suite's definition for the given options; a plain definition, unless options were given. */
export async function suiteDefinition(options: {
  exported: unknown;
  suiteFile: string;
  suiteDir: string;
  given: Readonly<Record<string, string>>;
  reserved?: readonly string[];
}): Promise<unknown> {
  const { exported } = options;
  if (!isConfigurable(exported)) {
    if (Object.keys(options.given).length > 0) suiteOptionValues({ ...options, declared: undefined });
    return exported;
  }
  const values = suiteOptionValues({ ...options, declared: exported.options });
  return (await exported.define(values as never)) as SuiteDefinition;
}
