import type { EvalReport, EvalVersions } from "../report.js";

/** One part of an eval whose version differs between two reports (null where a report has no such tool or rule). */
export interface VersionChange {
  part: "charter" | "instructions" | "tool" | "policy" | "model" | "dataset";
  /** The tool's or rule's name, for `tool` and `policy`. */
  name?: string;
  /** How it reads in text: `instructions`, `tool crm_update_lead`, `policy no-refunds (added)`. */
  label: string;
}

/**
 * What changed between two evals, part by part. `known` is false when either report predates versions (schemaVersion
 * 1): then nothing is said about what changed, neither "changed" nor "unchanged".
 */
export type VersionComparison =
  | { known: false /** Which reports have no versions. */; unknownIn: ("before" | "after")[] }
  | { known: true; changed: VersionChange[] };

/** Compares the versions two reports recorded. */
export function compareVersions(before: EvalReport, after: EvalReport): VersionComparison {
  const unknownIn = [
    ...(before.versions === undefined ? (["before"] as const) : []),
    ...(after.versions === undefined ? (["after"] as const) : []),
  ];
  if (before.versions === undefined || after.versions === undefined) return { known: false, unknownIn };
  return { known: true, changed: versionChanges(before.versions, after.versions) };
}

/** What differs between two sets of versions, part by part. */
export function versionChanges(a: EvalVersions, b: EvalVersions): VersionChange[] {
  const changed: VersionChange[] = [];
  if (a.charter !== b.charter) changed.push({ part: "charter", label: "charter" });
  if (a.instructions !== b.instructions) changed.push({ part: "instructions", label: "instructions" });
  for (const [name, label] of namedChanges(a.tools, b.tools))
    changed.push({ part: "tool", name, label: `tool ${label}` });
  for (const [name, label] of namedChanges(a.policies, b.policies))
    changed.push({ part: "policy", name, label: `policy ${label}` });
  if (a.model.agent !== b.model.agent || a.model.settings !== b.model.settings)
    changed.push({ part: "model", label: "model" });
  const datasets = [a.dataset, b.dataset].map((d) => JSON.stringify([d.hash, d.perturbations]));
  if (datasets[0] !== datasets[1]) changed.push({ part: "dataset", label: "dataset" });
  return changed;
}

/** Names whose hash differs, or that only one side has, sorted by name, with how each reads. */
function namedChanges(a: Record<string, string>, b: Record<string, string>): [string, string][] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const out: [string, string][] = [];
  for (const name of names) {
    if (a[name] === b[name]) continue;
    if (a[name] === undefined) out.push([name, `${name} (added)`]);
    else if (b[name] === undefined) out.push([name, `${name} (removed)`]);
    else out.push([name, name]);
  }
  return out;
}

/** The warning when more than one thing changed (a difference in scores cannot be pinned on one), or undefined. */
export function versionWarning(comparison: VersionComparison): string | undefined {
  if (!comparison.known || comparison.changed.length < 2) return undefined;
  const { changed } = comparison;
  return `warning: ${changed.length} things changed between these evals (${changed.map((c) => c.label).join(", ")}): a difference in scores cannot be attributed to one of them`;
}
