import type { Command } from "commander";
import { createKeptRedactor } from "../../audit/redact.js";
import { decideApproval } from "../../runtime/approvals.js";
import type { ApprovalStatus } from "../../store/store.js";
import { withStore, withStoreToRead } from "../cli-store.js";
import { decisionIdentity, formatIdentity } from "../decided-by.js";
import type { Io } from "../io.js";

export function registerApprovals(program: Command, io: Io): void {
  const approvals = program.command("approvals").description("list and decide calls waiting for a human");
  approvals
    .command("list")
    .description("pending approvals and proposals (or all, with --all)")
    .option("--all", "include decided ones")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (flags: { all?: boolean; store?: string }) => {
      await withStoreToRead(flags, async ({ store }) => {
        const statuses: ApprovalStatus[] = flags.all ? ["pending", "approved", "rejected"] : ["pending"];
        const rows = (await Promise.all(statuses.map((status) => store.approvals.list({ status })))).flat();
        if (rows.length === 0) {
          io.out(flags.all ? "no approvals" : "no pending approvals");
          return;
        }
        // Stored redacted since secrets are redacted everywhere; a store written before keeps them in clear.
        const redact = createKeptRedactor();
        for (const a of rows.map((row) => redact(row) as typeof row)) {
          const kind = (a.reasons as { kind?: string } | null)?.kind ?? "approval";
          const reasons = ((a.reasons as { reasons?: { message: string }[] } | null)?.reasons ?? [])
            .map((r) => r.message)
            .join("; ");
          io.out(
            `${a.id}  ${a.status}${kind === "proposal" ? " (proposal)" : ""}  ${a.charter}  run ${a.runId}  ${a.toolName} ${JSON.stringify(a.input)}`,
          );
          if (reasons) io.out(`    why: ${reasons}`);
          if (a.decidedBy) io.out(`    decided by ${formatIdentity(a)}${a.note ? `: ${a.note}` : ""}`);
        }
      });
    });
  approvals
    .command("approve")
    .description("approve one call: it executes when its run resumes, exactly as proposed")
    .argument("<id>", "the approval id")
    .option("--by <name>", "who approves: you (the OS user), or someone else if the store allows delegation")
    .option("--note <text>", "a note for the audit log")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (id: string, flags: { by?: string; note?: string; store?: string }) => {
      await withStore(flags, async ({ store, audit }) => {
        const record = await decideApproval({
          store,
          audit,
          approvalId: id,
          decision: "approved",
          ...(await decisionIdentity(flags, store)),
          ...(flags.note ? { note: flags.note } : {}),
        });
        io.out(`approved ${record.id} (${record.toolName} in run ${record.runId})`);
      });
    });
  approvals
    .command("reject")
    .description("reject one call: its reason goes back to the agent when the run resumes")
    .argument("<id>", "the approval id")
    .requiredOption("--reason <text>", "why; the agent reads it")
    .option("--by <name>", "who rejects: you (the OS user), or someone else if the store allows delegation")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (id: string, flags: { by?: string; reason: string; store?: string }) => {
      await withStore(flags, async ({ store, audit }) => {
        const record = await decideApproval({
          store,
          audit,
          approvalId: id,
          decision: "rejected",
          ...(await decisionIdentity(flags, store)),
          note: flags.reason,
        });
        io.out(`rejected ${record.id} (${record.toolName} in run ${record.runId})`);
      });
    });
}
