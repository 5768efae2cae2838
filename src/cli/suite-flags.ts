import type { Command } from "commander";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { LoadSuiteOptions } from "../eval/load-suite.js";

/** What `eval` and `check` say in `--help` about the options a suite declares. */
export const suiteOptionsHelp =
  "\nSuite options: a suite that declares options (defineSuite({ options, define })) takes them after the folder,\nas --<name> <value> or --<name>=<value>, e.g. `reins check examples/tau2-retail --tasks tasks.json`.";

/**
 * The suite options typed after the suite folder, and the command's own flag names (which a suite may not declare),
 * for `loadSuite`. Commander leaves flags it does not know in `command.args` (with `allowUnknownOption`), after the
 * suite folder: `--name value` or `--name=value` pairs; anything else there is a usage error.
 */
export function suiteOptionsOf(command: Command): Pick<LoadSuiteOptions, "options" | "reservedOptions"> {
  const rest = command.args.slice(1);
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      throw new UserError({
        code: ErrorCode.Usage,
        message: `unexpected argument "${arg}": reins ${command.name()} takes one suite folder, then options`,
        path: arg,
      });
    }
    const name = match[1] as string;
    let value = match[2];
    if (value === undefined) {
      const next = rest[i + 1];
      if (next === undefined || next.startsWith("--")) {
        throw new UserError({
          code: ErrorCode.Usage,
          message: `--${name} needs a value (--${name} <value>)`,
          path: `--${name}`,
        });
      }
      value = next;
      i++;
    }
    if (Object.hasOwn(options, name)) {
      throw new UserError({ code: ErrorCode.Usage, message: `--${name} is given twice`, path: `--${name}` });
    }
    options[name] = value;
  }
  const reservedOptions = command.options.flatMap((o) => (o.long ? [o.long.replace(/^--(no-)?/, "")] : []));
  return { options, reservedOptions };
}
