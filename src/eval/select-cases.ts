import { ErrorCode } from "../errors/codes.js";
import { editDistance } from "../errors/did-you-mean.js";
import { UserError } from "../errors/reins-error.js";
import { caseKinds, type EvalCase } from "./case.js";
import type { Suite } from "./suite.js";

/** Which cases to run: each given part narrows the selection (a case must match every part given). */
export interface CaseSelection {
  /** Only these case ids (base or red-team cases). */
  ids?: readonly string[];
  /** Only cases carrying at least one of these tags. */
  tags?: readonly string[];
  /** Only cases of one of these kinds. */
  kinds?: readonly string[];
}

/**
 * The suite with only the selected base and red-team cases. Derived (perturbed) cases are made from the base cases
 * the suite keeps, so they follow their base case's selection. An id or kind that names nothing, or a selection
 * that leaves no case, is a usage error (`option` names what the user wrote: `ids`, `tags` or `kinds`).
 */
export function selectCases(suite: Suite, selection: CaseSelection): Suite {
  const all = [...suite.cases, ...suite.redteamCases];
  const ids = selection.ids?.length ? new Set(selection.ids) : undefined;
  const tags = selection.tags?.length ? new Set(selection.tags) : undefined;
  const kinds = selection.kinds?.length ? new Set(selection.kinds) : undefined;
  if (!ids && !tags && !kinds) return suite;
  const known = all.map((c) => c.id);
  for (const id of ids ?? []) {
    if (!known.includes(id))
      throw unknown("ids", `case "${id}"`, id, known, suite.name, derivedHint(id, known));
  }
  for (const kind of kinds ?? []) {
    if (!(caseKinds as readonly string[]).includes(kind))
      throw unknown("kinds", `kind "${kind}"`, kind, caseKinds);
  }
  const keep = (c: EvalCase) =>
    (!ids || ids.has(c.id)) && (!tags || c.tags.some((t) => tags.has(t))) && (!kinds || kinds.has(c.kind));
  const cases = suite.cases.filter(keep);
  const redteamCases = suite.redteamCases.filter(keep);
  if (cases.length + redteamCases.length === 0) {
    const usedTags = [...new Set(all.flatMap((c) => c.tags))].sort();
    throw new UserError({
      code: ErrorCode.Usage,
      message: `the selection (${describeSelection(selection)}) leaves no case of suite ${suite.name} to run`,
      option: tags ? "tags" : kinds ? "kinds" : "ids",
      hint: `tags used by its cases: ${usedTags.length > 0 ? usedTags.join(", ") : "none"}`,
    });
  }
  return { ...suite, cases, redteamCases };
}

function unknown(
  option: string,
  what: string,
  name: string,
  known: readonly string[],
  suiteName?: string,
  hint?: string,
): UserError {
  const near = known.filter((k) => editDistance(k, name) <= 2).slice(0, 3);
  const suggestion = near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : "";
  const listed =
    known.length > 12 ? `${known.slice(0, 12).join(", ")}, … (${known.length})` : known.join(", ");
  return new UserError({
    code: ErrorCode.Usage,
    message: `no ${what}${suiteName ? ` in suite ${suiteName}` : ""}.${suggestion} Known: ${listed}`,
    option,
    ...(hint ? { hint } : {}),
  });
}

/** A derived case's id is `<base>~<perturbation>`: select its base case and the perturbation instead. */
function derivedHint(id: string, known: readonly string[]): string | undefined {
  const base = id.split("~")[0] as string;
  return id.includes("~") && known.includes(base)
    ? `derived cases follow their base case: select "${base}" and pass --perturb ${id.slice(base.length + 1)}`
    : undefined;
}

function describeSelection(selection: CaseSelection): string {
  const parts: string[] = [];
  if (selection.ids?.length) parts.push(`case ${selection.ids.join(", ")}`);
  if (selection.tags?.length) parts.push(`tag ${selection.tags.join(", ")}`);
  if (selection.kinds?.length) parts.push(`kind ${selection.kinds.join(", ")}`);
  return parts.join("; ");
}
