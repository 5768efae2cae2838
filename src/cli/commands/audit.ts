import type { Command } from "commander";
import { formatTrace } from "../../audit/format-trace.js";
import { verifyAudit } from "../../audit/verify-audit.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { withStoreToRead } from "../cli-store.js";
import { ExitCode } from "../handle-error.js";
import type { Io } from "../io.js";

export function registerAudit(program: Command, io: Io): void {
  const audit = program.command("audit").description("read and verify the hash-chained audit log");
  audit
    .command("show")
    .description("a readable trace of one run")
    .argument("<runId>", "the run")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (runId: string, flags: { store?: string }) => {
      await withStoreToRead(flags, async ({ store }) => {
        const events = await store.audit.list(runId);
        const run = await store.runs.get(runId);
        if (events.length === 0 && !run)
          throw new UserError({ code: ErrorCode.RunInvalid, message: `no run ${runId} in the audit log` });
        io.out(formatTrace(run, events));
      });
    });
  audit
    .command("verify")
    .description("recompute every hash chain; name any edited, deleted, inserted or reordered event (exit 1)")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (flags: { store?: string }) => {
      await withStoreToRead(flags, async ({ store }) => {
        const report = await verifyAudit(store);
        if (report.ok) {
          io.out(`audit log intact: ${report.events} events in ${report.runs} chains`);
          return;
        }
        for (const problem of report.problems)
          io.out(`TAMPERED ${problem.kind}: run ${problem.runId} event ${problem.seq}: ${problem.message}`);
        io.out(`audit log NOT intact: ${report.problems.length} problem(s) in ${report.events} events`);
        io.setExitCode(ExitCode.Failed);
      });
    });
}
