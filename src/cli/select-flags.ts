import { Option } from "commander";
import { caseKinds } from "../eval/case.js";
import { selectCases } from "../eval/select-cases.js";
import type { Suite } from "../eval/suite.js";
import { withFlags } from "./cli-terms.js";

/** The flags `--case`, `--tag` and `--kind`, as commander parses them. */
export interface SelectFlags {
  case?: string[];
  tag?: string[];
  kind?: string[];
}

// The case-selection flags of `eval` and `check` (a new Option for each command: commander keeps its own state on it).
export const caseOption = () =>
  new Option("--case <id...>", "only these cases (ids; derived cases follow their base case)");
export const tagOption = () => new Option("--tag <tag...>", "only cases with one of these tags");
export const kindOption = () =>
  new Option("--kind <kind...>", `only cases of these kinds: ${caseKinds.join(", ")}`);

/** The suite narrowed to the selected cases; an unknown id or kind is a usage error naming its flag (exit 2). */
export function selectByFlags(suite: Suite, flags: SelectFlags): Promise<Suite> {
  return withFlags({ ids: "--case", tags: "--tag", kinds: "--kind" }, () =>
    selectCases(suite, selectionOf(flags)),
  );
}

/** The selection the flags make. Several values after one flag, or commas: `--case a b` and `--case a,b` alike. */
export function selectionOf(flags: SelectFlags): { ids?: string[]; tags?: string[]; kinds?: string[] } {
  const list = (values: string[]) =>
    values
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter((v) => v !== "");
  return {
    ...(flags.case ? { ids: list(flags.case) } : {}),
    ...(flags.tag ? { tags: list(flags.tag) } : {}),
    ...(flags.kind ? { kinds: list(flags.kind) } : {}),
  };
}
