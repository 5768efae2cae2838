import type { Command } from "commander";
import type { Charter } from "../../charter/charter.js";
import type { ToolRegistry } from "../../contract/tool-registry.js";
import { createModuleLoader } from "../../files/module-loader.js";
import { builtinRules } from "../../policy/check-tool-call.js";
import { findCharterFiles } from "../../workflow/find-charters.js";
import { loadWorkflow, type Workflow } from "../../workflow/load-workflow.js";
import { ExitCode, reportError } from "../handle-error.js";
import type { Io } from "../io.js";

export function registerValidate(program: Command, io: Io): void {
  program
    .command("validate")
    .description("check charters (and the tools and policies beside them); print a summary or located errors")
    .argument("<path>", "a charter file, or a folder to search for charter.yaml / *.charter.yaml")
    .action(async (target: string) => {
      const files = await findCharterFiles(target);
      let failed = 0;
      // One loader for every charter: the TypeScript they share compiles once.
      const loader = createModuleLoader();
      try {
        for (const file of files) {
          try {
            const workflow = await loadWorkflow(file, { loader });
            io.out(summarize(workflow));
          } catch (error) {
            failed++;
            reportError(error, io.err);
          }
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
