import type { Command } from "commander";
import type { AuditSink } from "../../audit/audit-log.js";
import { type AutonomyLevel, autonomyLevels } from "../../charter/charter.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { resolveModel } from "../../model/resolve-model.js";
import { type Agent, modelAgent } from "../../runtime/agent.js";
import type { RunResult } from "../../runtime/outcome.js";
import { resumeRun, runAgent } from "../../runtime/run-agent.js";
import type { Store } from "../../store/store.js";
import { findCharterFiles } from "../../workflow/find-charters.js";
import { loadWorkflow, type Workflow } from "../../workflow/load-workflow.js";
import { withStore } from "../cli-store.js";
import { withFlags } from "../cli-terms.js";
import { osUser } from "../decided-by.js";
import { ExitCode } from "../handle-error.js";
import type { Io } from "../io.js";
import { positiveInt } from "../positive-int.js";
import { describeRun } from "../print-run.js";
import { withStallGuard } from "../stall-guard.js";
import { readRunInput } from "./run-input.js";

interface RunFlags {
  input: string;
  runId?: string;
  model?: string;
  autonomy?: string;
  store?: string;
  wait?: boolean;
  waitSeconds: string;
  json?: boolean;
}

export function registerRun(program: Command, io: Io): void {
  program
    .command("run")
    .description("run a charter on one input; prints the outcome and the run id")
    .argument("<charter>", "a charter file or its workflow folder")
    .requiredOption(
      "--input <file>",
      "the run's input: a .json file is read as JSON, any other as YAML; it must match the charter's input schema",
    )
    .option(
      "--model <provider:model>",
      "openai:…, anthropic:…, google:…, ollama:…, openai-compatible:<baseURL>#<model>; without it, the folder's agent.ts",
    )
    .option("--autonomy <level>", `override the charter's autonomy: ${autonomyLevels.join(" | ")}`)
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .option("--run-id <id>", "the run's id (default: a new one)")
    .option(
      "--wait",
      "when the run suspends for approval, wait for a decision (from another process) and resume",
    )
    .option("--wait-seconds <n>", "how long --wait waits", "600")
    .option("--json", "print the full result as JSON")
    .action(async (target: string, flags: RunFlags) => {
      const workflow = await loadWorkflowAt(target);
      const autonomy = parseAutonomy(flags.autonomy, workflow.charter.autonomy);
      // Checked before the run starts: a bad value must not surface after the run has acted.
      const waitMs = positiveInt(flags.waitSeconds, "--wait-seconds", 7 * 24 * 3600) * 1000;
      const agent = await pickAgent(workflow, flags.model);
      const input = await readRunInput(flags.input, workflow.charter);
      await withStore(
        flags,
        async ({ store, audit }) => {
          const common = runtimeOptions(workflow, agent, store, audit);
          let result = await withStallGuard((signal) =>
            runAgent({
              ...common,
              input,
              signal,
              startedBy: osUser(),
              ...(autonomy ? { autonomy } : {}),
              ...(flags.runId ? { runId: flags.runId } : {}),
            }),
          );
          if (flags.wait && result.suspended?.kind === "approval") {
            io.err(
              `waiting for a decision on ${result.suspended.approval.approvalId} (up to ${flags.waitSeconds} s)…`,
            );
            await waitForDecision(store, result.suspended.approval.approvalId, waitMs);
            const runId = result.runId;
            result = await withStallGuard((signal) => resumeRun({ ...common, input, runId, signal }));
          }
          print(io, audit.redact(result) as RunResult, target, flags.json);
        },
        workflow.charter.redact,
      );
    });

  program
    .command("resume")
    .description(
      "resume a suspended or interrupted run (after an approval, a paused tool failure, or a crash)",
    )
    .argument("<charter>", "the run's charter file or workflow folder")
    .argument("<runId>", "the run to resume")
    .option(
      "--input <file>",
      "the run's input again: required when the run stored it redacted (it held a secret or a `redact` field); checked against the run",
    )
    .option("--model <provider:model>", "the model to continue with (default: the one the run started with)")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .option("--json", "print the full result as JSON")
    .action(async (target: string, runId: string, flags: Partial<RunFlags>) => {
      const workflow = await loadWorkflowAt(target);
      const input = flags.input === undefined ? undefined : await readRunInput(flags.input, workflow.charter);
      await withStore(
        flags,
        async ({ store, audit }) => {
          const run = await store.runs.get(runId);
          const spec =
            flags.model ?? (run?.agent.startsWith("model:") ? run.agent.slice("model:".length) : undefined);
          const agent = await pickAgent(workflow, spec);
          const result = await withFlags({ input: "--input" }, () =>
            withStallGuard((signal) =>
              resumeRun({
                ...runtimeOptions(workflow, agent, store, audit),
                runId,
                signal,
                ...(input === undefined ? {} : { input }),
              }),
            ),
          );
          print(io, audit.redact(result) as RunResult, target, flags.json);
        },
        workflow.charter.redact,
      );
    });
}

/** What `runAgent` and `resumeRun` both need from a workflow folder. */
function runtimeOptions(workflow: Workflow, agent: Agent, store: Store, audit: AuditSink) {
  return {
    charter: workflow.charter,
    registry: workflow.registry,
    policies: workflow.policies,
    agent,
    store,
    audit,
    env: workflow.createEnv?.(),
  };
}

export async function loadWorkflowAt(target: string): Promise<Workflow> {
  const files = await findCharterFiles(target);
  if (files.length > 1) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `${target} holds ${files.length} charters; name one: ${files.join(", ")}`,
      file: target,
    });
  }
  return loadWorkflow(files[0] as string);
}

/**
 * `--autonomy` may lower the charter's level (to watch a workflow in shadow, or to have a human approve every
 * action), never raise it: more autonomy than the charter grants needs evidence, not a flag.
 */
export function parseAutonomy(
  value: string | undefined,
  charterLevel: AutonomyLevel,
): AutonomyLevel | undefined {
  if (value === undefined) return undefined;
  if (!(autonomyLevels as readonly string[]).includes(value))
    throw new UserError({
      code: ErrorCode.Usage,
      message: `--autonomy must be one of ${autonomyLevels.join(", ")}, got "${value}"`,
      path: "--autonomy",
    });
  const level = value as AutonomyLevel;
  if (autonomyLevels.indexOf(level) > autonomyLevels.indexOf(charterLevel))
    throw new UserError({
      code: ErrorCode.Usage,
      message: `--autonomy ${level} would raise the charter's level (${charterLevel}); the flag may only lower it, to ${autonomyLevels.slice(0, autonomyLevels.indexOf(charterLevel) + 1).join(", ")}`,
      path: "--autonomy",
      hint: "raise `autonomy` in the charter itself, once the evidence for it is in",
    });
  return level;
}

async function pickAgent(workflow: Workflow, spec: string | undefined): Promise<Agent> {
  if (spec !== undefined) {
    const { model } = await withFlags({ model: "--model" }, () => resolveModel(spec));
    return modelAgent(model, { name: spec });
  }
  if (workflow.agent) return workflow.agent;
  throw new UserError({
    code: ErrorCode.Usage,
    message: `no agent for ${workflow.charter.name}: pass --model <provider:model>, or export a function agent from agent.ts beside the charter`,
  });
}

async function waitForDecision(store: Store, approvalId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const approval = await store.approvals.get(approvalId);
    if (approval && approval.status !== "pending") return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new UserError({
    code: ErrorCode.Usage,
    message: `no decision on ${approvalId} within the wait; the run stays suspended`,
  });
}

function print(io: Io, result: RunResult, target: string, json: boolean | undefined): void {
  if (json) io.out(JSON.stringify(result, null, 2));
  else for (const line of describeRun(result, `reins resume ${target} ${result.runId}`)) io.out(line);
  if (result.status === "failed") io.setExitCode(ExitCode.Failed);
}
