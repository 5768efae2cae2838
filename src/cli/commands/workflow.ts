import type { Command } from "commander";
import { pauseWorkflow, resumeWorkflow } from "../../runtime/kill-switch.js";
import { withStore, withStoreToRead } from "../cli-store.js";
import { decisionIdentity, formatIdentity } from "../decided-by.js";
import type { Io } from "../io.js";

export function registerWorkflow(program: Command, io: Io): void {
  const workflow = program.command("workflow").description("a workflow's kill-switch state");
  workflow
    .command("status")
    .argument("<charter>", "the charter's name")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (name: string, flags: { store?: string }) => {
      await withStoreToRead(flags, async ({ store }) => {
        const state = await store.workflows.get(name);
        io.out(
          `${name}: ${state.paused ? `PAUSED (${state.pausedReason})` : "running"}${state.flagged ? `; FLAGGED for review (${state.flaggedReason})` : ""}`,
        );
      });
    });
  workflow
    .command("pause")
    .description("a human pauses a workflow: it refuses new runs until resumed")
    .argument("<charter>", "the charter's name")
    .requiredOption("--reason <text>", "why; recorded with the pause")
    .option("--by <name>", "who pauses it: you (the OS user), or someone else if the store allows delegation")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (name: string, flags: { by?: string; reason: string; store?: string }) => {
      await withStore(flags, async ({ store, audit }) => {
        const by = formatIdentity(await decisionIdentity(flags, store));
        await pauseWorkflow({ store, audit, charter: name, by, reason: flags.reason });
        io.out(`${name}: paused`);
      });
    });
  workflow
    .command("resume")
    .description("a human resumes a paused workflow (and clears its review flag)")
    .argument("<charter>", "the charter's name")
    .option(
      "--by <name>",
      "who resumes it: you (the OS user), or someone else if the store allows delegation",
    )
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (name: string, flags: { by?: string; store?: string }) => {
      await withStore(flags, async ({ store, audit }) => {
        // Both names in one: the kill switch records a single `by`.
        const by = formatIdentity(await decisionIdentity(flags, store));
        await resumeWorkflow({ store, audit, charter: name, by });
        io.out(`${name}: resumed`);
      });
    });
}
