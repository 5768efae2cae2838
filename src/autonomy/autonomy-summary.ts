import type { AutonomyCheck } from "./autonomy-check.js";

const percent = (x: number): string => `${Math.round(x * 1000) / 10} %`;

/** The check as lines for a terminal (not yet made terminal-safe). */
export function autonomySummary(check: AutonomyCheck): string[] {
  const { current } = check;
  const today =
    current.certified === null
      ? `runs at ${current.autonomy} (no certificate in the store for it)`
      : `runs at ${current.autonomy} (certified ${current.certified}${current.certificate ? ` by ${current.certificate}` : ""}${current.reason ? `: ${current.reason}` : ""})`;
  const lines = [
    `${check.charter.name} version ${check.charter.version}: the charter asks ${check.charterAutonomy}; ${today}`,
    `earned: ${check.level} (the lowest of every decision option × effect class; the gate cannot know the decision before the run)`,
  ];
  for (const cell of check.cells) {
    const why = [
      cell.level !== cell.earnedByEvidence ? `evidence earns ${cell.earnedByEvidence}` : undefined,
      cell.ceiling !== "autonomous" ? `ceiling ${cell.ceiling}` : undefined,
      ...cell.demotions.map((d) => `down one: ${d}`),
    ].filter((x) => x !== undefined);
    lines.push(
      `  ${cell.option} × ${cell.effect} (${cell.taskClass}, ≥ ${percent(cell.target)}): ${cell.level}${why.length ? ` (${why.join("; ")})` : ""}`,
    );
    for (const r of cell.requirements) lines.push(`    ${r.met ? "✓" : "✗"} [${r.level}] ${r.what}`);
    for (const m of cell.missing) lines.push(`    missing: ${m}`);
  }
  for (const note of check.notes) lines.push(`note: ${note}`);
  lines.push(`evidence digest: ${check.evidenceDigest}`);
  return lines;
}
