import { dirname } from "node:path";
import type { Command } from "commander";
import type { Charter } from "../../charter/charter.js";
import type { ToolRegistry } from "../../contract/tool-registry.js";
import { ErrorCode } from "../../errors/codes.js";
import { formatIssue, ValidationError } from "../../errors/validation-error.js";
import { type InspectedFolder, inspectFolder, issuesOf } from "../../eval/load-suite.js";
import { createModuleLoader } from "../../files/module-loader.js";
import { typeCheckFolder } from "../../files/type-check.js";
import { builtinRules } from "../../policy/check-tool-call.js";
import { findCharterFiles } from "../../workflow/find-charters.js";
import type { Workflow } from "../../workflow/load-workflow.js";
import { ExitCode } from "../handle-error.js";
import type { Io } from "../io.js";

export function registerValidate(program: Command, io: Io): void {
  program
    .command("validate")
    .description(
      "check each workflow folder (charter, tools, policies, agent, suite, cases) and their cross-references; print a summary or located errors",
    )
    .argument("<path>", "a charter file, or a folder to search for charter.yaml / *.charter.yaml")
    .option(
      "--types",
      "also type-check each folder's TypeScript against the installed reins (needs typescript)",
    )
    .action(async (target: string, flags: { types?: boolean }) => {
      const files = await findCharterFiles(target);
      let failed = 0;
      // One loader for every charter: the TypeScript they share compiles once.
      const loader = createModuleLoader();
      try {
        for (const file of files) {
          const folder: InspectedFolder & { typesLine?: string } = await inspectFolder(file, loader);
          const problems = [...folder.problems];
          if (flags.types) {
            const checked = await typeCheckFolder({ dir: dirname(file) });
            if (checked.issues.length > 0)
              problems.push(new ValidationError({ code: ErrorCode.ModuleLoad, issues: checked.issues }));
            else if (problems.length === 0)
              folder.typesLine = `  types: ${checked.files} TypeScript file(s) check (typescript ${checked.typescript}, reins types from ${checked.reinsTypes === "folder" ? "the folder's install" : "this CLI"})`;
          }
          if (problems.length > 0 || folder.workflow === undefined) {
            failed++;
            const lines = problems.flatMap(issuesOf).map(formatIssue);
            for (const line of capped(lines)) io.err(line);
            continue;
          }
          io.out(summarize(folder.workflow));
          io.out(describeFolder(folder));
        }
      } finally {
        await loader.close();
      }
      if (failed > 0) {
        io.err(`${failed} of ${files.length} charter${files.length > 1 ? "s" : ""} invalid`);
        io.setExitCode(ExitCode.BadInput);
      }
    });
}

/** At most this many located lines per folder, then a count: the first problems are the ones to fix first. */
const maxLines = 50;

function capped(lines: string[]): string[] {
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines), `… and ${lines.length - maxLines} more problems`];
}

function describeFolder(folder: InspectedFolder & { typesLine?: string }): string {
  const lines = [
    folder.suite
      ? `  suite: ${folder.suite.name} (${folder.suite.cases.length} case(s)${folder.suite.redteamCases.length > 0 ? `, ${folder.suite.redteamCases.length} red-team` : ""}), labels checked against the charter and tools`
      : folder.cases.length > 0
        ? `  cases: ${folder.cases.length}, labels checked against the charter and tools (no suite.ts)`
        : "  no suite.ts and no cases/",
  ];
  if (folder.workflow?.agent) lines.push(`  agent: ${folder.workflow.agent.name}`);
  if (folder.typesLine) lines.push(folder.typesLine);
  return lines.join("\n");
}

function summarize({ charter, registry, policies, charterFile }: Workflow): string {
  const lines = [
    `✓ ${charterFile}: ${charter.name} v${charter.version} (autonomy: ${charter.autonomy})`,
    `  trigger: ${charter.trigger.event}`,
    `  decision: ${charter.decision.options.join(" | ")}${describeFields(charter)}, confidence ≥ ${charter.decision.confidenceThreshold}`,
    `  tools (${charter.tools.allowed.length}): ${describeTools(charter.tools.allowed, registry)}`,
  ];
  if (charter.tools.forbidden.length > 0) lines.push(`  forbidden: ${charter.tools.forbidden.join(", ")}`);
  if (charter.escalation.length > 0)
    lines.push(`  escalates on: ${charter.escalation.map((e) => e.reason).join(", ")}`);
  lines.push(
    `  policy: ${builtinRules.length} built-in rules, ${charter.policies.length} declared, ${policies.length} custom; at most ${charter.limits.maxToolCalls} tool calls per run`,
  );
  return lines.join("\n");
}

function describeFields(charter: Charter): string {
  const names = Object.keys(charter.decision.fields);
  return names.length === 0 ? "" : ` (+ ${names.join(", ")})`;
}

function describeTools(names: readonly string[], registry: ToolRegistry): string {
  return names
    .map((name) => {
      const card = registry.get(name);
      if (!card) return name;
      const flags = [
        card.effect,
        card.external ? "external" : "",
        card.protectedFields.length ? "protected fields" : "",
      ];
      return `${name} (${flags.filter(Boolean).join(", ")})`;
    })
    .join(", ");
}
