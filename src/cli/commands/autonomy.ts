import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { autonomyCheck, type ShadowReportInput } from "../../autonomy/autonomy-check.js";
import { autonomySummary } from "../../autonomy/autonomy-summary.js";
import type { AutonomyLevel } from "../../charter/charter.js";
import { setCharterAutonomy } from "../../charter/set-autonomy.js";
import { readUserFile } from "../../files/read-user-file.js";
import { workflowAuditId } from "../../runtime/kill-switch.js";
import { parseShadowReportFile } from "../../shadow/read-shadow-report.js";
import type { AutonomyCertificate } from "../../store/store.js";
import { terminalText } from "../../text/terminal-text.js";
import { withStore } from "../cli-store.js";
import { osUser } from "../decided-by.js";
import type { Io } from "../io.js";
import { positiveInt } from "../positive-int.js";
import { loadWorkflowAt } from "./run.js";

interface AutonomyFlags {
  shadow?: string[];
  json?: boolean;
  store?: string;
  promote?: boolean;
  expiresInDays?: string;
  keepCharter?: boolean;
}

const dayMs = 24 * 60 * 60 * 1000;

export function registerAutonomy(program: Command, io: Io): void {
  const autonomy = program.command("autonomy").description("autonomy earned on evidence, and certified");
  autonomy
    .command("check")
    .description(
      "read the evidence (latest eval, reviews, shadow reports, kill switch) and say which level each decision option × effect class has earned, and what is missing",
    )
    .argument("<workflow>", "a charter file or its workflow folder")
    .option(
      "--shadow <files...>",
      "shadow reports (reins shadow --out): one or more, or the flag repeated, as for reins report weekly",
    )
    .option("--json", "print the check as JSON")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .option(
      "--promote",
      "write an autonomy certificate granting the levels earned: the gate then runs the charter at no more than them",
    )
    .option("--expires-in-days <n>", "the certificate's lifetime in days (default 30)")
    .option(
      "--keep-charter",
      "with --promote, leave the charter file as it is (by default a YAML charter is rewritten to ask for the certified level)",
    )
    .action(async (target: string, flags: AutonomyFlags) => {
      const workflow = await loadWorkflowAt(target);
      const expiresInDays =
        flags.expiresInDays === undefined ? 30 : positiveInt(flags.expiresInDays, "--expires-in-days", 3650);
      const shadowReports: ShadowReportInput[] = [];
      for (const source of flags.shadow ?? []) {
        const text = await readUserFile(source, {
          what: "shadow report",
          hint: "a shadow report is what `reins shadow <workflow> --human <file> --out <report.json>` writes",
        });
        shadowReports.push({ source, report: parseShadowReportFile(text, source) });
      }
      await withStore(flags, async ({ store, audit }) => {
        const now = new Date();
        const check = await autonomyCheck({
          charter: workflow.charter,
          registry: workflow.registry,
          store,
          shadowReports,
          now,
        });
        const certificate = flags.promote
          ? await store.certificates.append({
              id: `cert_${now.getTime().toString(36)}_${randomUUID().slice(0, 8)}`,
              charter: check.charter.name,
              charterVersion: check.charter.version,
              levels: levelsOf(check.cells),
              level: check.level,
              evidenceDigest: check.evidenceDigest,
              promotedBy: osUser(),
              validForMs: expiresInDays * dayMs,
            })
          : undefined;
        const rewrite =
          certificate && !flags.keepCharter
            ? await rewriteCharterAutonomy(workflow.charterFile, workflow.charter.autonomy, certificate.level)
            : undefined;
        // The promotion in the workflow's audit chain too, where the kill switch writes (and `report weekly` reads).
        if (certificate)
          await audit.append({
            runId: workflowAuditId(certificate.charter),
            type: "autonomy.certified",
            data: {
              certificate: certificate.id,
              seq: certificate.seq,
              hash: certificate.hash,
              version: certificate.charterVersion,
              level: certificate.level,
              levels: certificate.levels,
              evidenceDigest: certificate.evidenceDigest,
              promotedBy: certificate.promotedBy,
              expiresAt: certificate.expiresAt,
              charterFile: rewrite ?? { file: workflow.charterFile, rewritten: false },
            },
          });
        if (flags.json) {
          io.out(JSON.stringify(certificate ? { ...check, certificate } : check, null, 2));
          return;
        }
        for (const line of autonomySummary(check)) io.out(terminalText(line));
        if (certificate) {
          io.out(
            terminalText(
              `certificate ${certificate.id} (#${certificate.seq}) grants ${certificate.level} to ${certificate.charter} version ${certificate.charterVersion}, promoted by ${certificate.promotedBy}, until ${certificate.expiresAt}`,
            ),
          );
          io.out(
            terminalText(
              rewrite?.rewritten
                ? `runs of it now go at no more than ${certificate.level}; ${workflow.charterFile} rewritten: autonomy ${rewrite.from} → ${rewrite.to} (a new charter version by content; its version label ${certificate.charterVersion} is kept, so the evidence of this version still counts)`
                : `runs of it now go at no more than ${certificate.level}; the charter file is left as it is${rewrite?.why ? ` (${rewrite.why})` : ""}: to ask for that level, set \`autonomy: ${certificate.level}\` in ${workflow.charterFile}`,
            ),
          );
        }
      });
    });
}

function levelsOf(cells: readonly { option: string; effect: string; level: string }[]) {
  const levels: Record<string, Record<string, string>> = {};
  for (const cell of cells) levels[cell.option] = { ...levels[cell.option], [cell.effect]: cell.level };
  return levels;
}

interface CharterRewrite {
  file: string;
  rewritten: boolean;
  from?: string;
  to?: string;
  /** Why the file was left as it is. */
  why?: string;
}

/**
 * Rewrites a YAML charter to ask for the certified level (only its `autonomy` value changes); a TypeScript charter,
 * or one asking for that level already, is left as it is, and the result says why.
 */
async function rewriteCharterAutonomy(file: string, from: string, to: string): Promise<CharterRewrite> {
  if (!/\.ya?ml$/i.test(file))
    return { file, rewritten: false, why: "a TypeScript charter is not rewritten" };
  if (from === to) return { file, rewritten: false, why: `it asks for ${to} already` };
  const text = await readUserFile(file, { what: "charter" });
  const next = setCharterAutonomy(text, to as AutonomyLevel);
  if (next === undefined) return { file, rewritten: false, why: "its autonomy is not a plain value" };
  await writeFile(file, next);
  return { file, rewritten: true, from, to };
}

/** What a demotion prints (`reins eval`, `reins shadow`). */
export function demotionLine(certificate: AutonomyCertificate): string {
  return terminalText(
    `autonomy demoted: ${certificate.charter} version ${certificate.charterVersion} now certified ${certificate.level} by ${certificate.id} — ${certificate.promotedBy}; promote again with \`reins autonomy check --promote\` once the evidence holds`,
  );
}
