import type { Command } from "commander";
import { type AuditSink, createAuditLog } from "../../audit/audit-log.js";
import { criticalMisses } from "../../autonomy/demotion-causes.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { readUserFile } from "../../files/read-user-file.js";
import { checkWritable, writeUserFile } from "../../files/write-user-file.js";
import { resolveModel } from "../../model/resolve-model.js";
import { type Agent, modelAgent } from "../../runtime/agent.js";
import { demoteCertified } from "../../runtime/demote-autonomy.js";
import { parseHumanDecisions } from "../../shadow/human-decisions.js";
import { runShadow } from "../../shadow/run-shadow.js";
import { shadowHtml, shadowSummary } from "../../shadow/shadow-html.js";
import { openMemoryStore } from "../../store/memory-store.js";
import type { Store } from "../../store/store.js";
import { terminalText } from "../../text/terminal-text.js";
import { withStore } from "../cli-store.js";
import { withFlags } from "../cli-terms.js";
import type { Io } from "../io.js";
import { withStallGuard } from "../stall-guard.js";
import { demotionLine } from "./autonomy.js";
import { loadWorkflowAt } from "./run.js";

interface ShadowFlags {
  human: string;
  out?: string;
  html?: string;
  model?: string;
  store?: string | boolean;
  json?: boolean;
}

export function registerShadow(program: Command, io: Io): void {
  program
    .command("shadow")
    .description(
      "run the agent in shadow (no action executed) beside human decisions on the same inputs, and compare",
    )
    .argument("<workflow>", "a charter file or its workflow folder")
    .requiredOption(
      "--human <file>",
      "the human decisions: .jsonl (one JSON object a line) or .csv (a header row; input, world, fields hold JSON)",
    )
    .option("--out <file>", "write the JSON report (schemaVersion 1) there")
    .option("--html <file>", "write the report as one self-contained HTML page there")
    .option(
      "--model <provider:model>",
      "the agent's model (as for reins run); without it, the folder's agent.ts",
    )
    .option(
      "--store [path]",
      "keep the shadow runs (shadow-<id>) in the store (default .reins/reins.db, or REINS_STORE), and read back those already there; without it, the runs live in memory",
    )
    .option("--json", "print the JSON report instead of the summary")
    .action(async (target: string, flags: ShadowFlags) => {
      const workflow = await loadWorkflowAt(target);
      const text = await readUserFile(flags.human, { what: "human-decisions file" });
      // Every line is checked, and the report files checked writable, before any agent runs.
      const decisions = parseHumanDecisions(text, flags.human, workflow.charter);
      if (flags.out) checkWritable(flags.out, { what: "JSON report", flag: "--out" });
      if (flags.html) checkWritable(flags.html, { what: "HTML report", flag: "--html" });
      const agent = await pickAgent(workflow.agent, flags.model, workflow.charter.name);
      const compare = (store: Store, audit: AuditSink) =>
        withStallGuard(async (signal) => {
          const result = await runShadow({
            signal,
            charter: workflow.charter,
            registry: workflow.registry,
            policies: workflow.policies,
            agent,
            store,
            audit,
            createEnv: workflow.createEnv,
            decisions,
            source: flags.human,
          });
          // Demote fast: a critical miss drops the certified level of the options involved, in the store kept.
          const cause =
            flags.store === undefined
              ? undefined
              : criticalMisses(result.report, workflow.charter.decision.options);
          const demoted = cause
            ? await demoteCertified({ store, audit, charter: workflow.charter, cause })
            : undefined;
          return { ...result, demoted };
        });
      const result =
        flags.store === undefined
          ? await (async () => {
              const store = openMemoryStore();
              try {
                return await compare(
                  store,
                  createAuditLog({ store, redact: { fields: [...workflow.charter.redact] } }),
                );
              } finally {
                await store.close();
              }
            })()
          : await withStore(
              typeof flags.store === "string" ? { store: flags.store } : {},
              ({ store, audit }) => compare(store, audit),
              workflow.charter.redact,
            );
      const { report } = result;
      if (flags.out)
        writeUserFile(flags.out, `${JSON.stringify(report, null, 2)}\n`, {
          what: "JSON report",
          flag: "--out",
        });
      if (flags.html) writeUserFile(flags.html, shadowHtml(report), { what: "HTML report", flag: "--html" });
      if (flags.json) io.out(JSON.stringify(report, null, 2));
      else {
        for (const line of shadowSummary(report)) io.out(terminalText(line));
        if (result.recorded.length > 0)
          io.out(
            `read back ${result.recorded.length} shadow runs already in the store; ran ${result.ran.length}`,
          );
        if (result.demoted) io.out(demotionLine(result.demoted));
        if (flags.out) io.out(`JSON report: ${terminalText(flags.out)}`);
        if (flags.html) io.out(`HTML report: ${terminalText(flags.html)}`);
      }
    });
}

async function pickAgent(
  local: Agent | undefined,
  spec: string | undefined,
  charter: string,
): Promise<Agent> {
  if (spec !== undefined) {
    const { model } = await withFlags({ model: "--model" }, () => resolveModel(spec));
    return modelAgent(model, { name: spec });
  }
  if (local) return local;
  throw new UserError({
    code: ErrorCode.Usage,
    message: `no agent for ${charter}: pass --model <provider:model>, or export a function agent from agent.ts beside the charter`,
  });
}
