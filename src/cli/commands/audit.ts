import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { AuditProblem } from "../../audit/check-chain.js";
import { chainStatus, checkRecords } from "../../audit/check-records.js";
import { formatTrace } from "../../audit/format-trace.js";
import { redactString } from "../../audit/redact.js";
import { takeAnchor } from "../../audit/store-anchor.js";
import { type AuditVerification, verifyAudit } from "../../audit/verify-audit.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { writeUserFile } from "../../files/write-user-file.js";
import type { ApprovalRecord, RunRecord } from "../../store/store.js";
import { resolveAuditKey } from "../audit-key.js";
import { manifestPath, readAnchor, readManifest } from "../audit-manifest.js";
import { commandStore, withStoreToRead } from "../cli-store.js";
import { ExitCode } from "../handle-error.js";
import type { Io } from "../io.js";

const storeFlag = "the store (default .reins/reins.db, or REINS_STORE)";

/** One problem as `reins audit verify` prints it: by kind, then where (run and event, store chain entry, record). */
function problemLine(problem: AuditProblem): string {
  switch (problem.scope) {
    case "store":
      return problem.runId === ""
        ? `TAMPERED ${problem.kind}: store chain entry ${problem.seq}: ${problem.message}`
        : `TAMPERED ${problem.kind}: store chain (run ${problem.runId}): ${problem.message}`;
    case "record":
      return `TAMPERED ${problem.kind}: run ${problem.runId} record: ${problem.message}`;
    case "key":
      return `KEY ${problem.kind}: ${problem.message}`;
    case "certificate":
      return `TAMPERED ${problem.kind}: ${problem.message}`;
    default:
      return `TAMPERED ${problem.kind}: run ${problem.runId} event ${problem.seq}: ${problem.message}`;
  }
}

const noKeyHint = "set REINS_AUDIT_KEY or REINS_AUDIT_KEY_FILE, or pass --key-file";

function printReport(io: Io, report: AuditVerification, anchored: string[]): void {
  const certificates =
    report.certificates > 0
      ? `, ${report.certificates} autonomy certificate${report.certificates === 1 ? "" : "s"}`
      : "";
  const scope = `${report.events} events in ${report.runs} chains, ${report.storeEntries} store chain entries${certificates}`;
  for (const problem of report.problems) io.out(problemLine(problem));
  const unchecked =
    report.unchecked > 0
      ? `; ${report.unchecked} keyed entries NOT checked: no audit key (${noKeyHint})`
      : "";
  if (report.problems.length > 0) {
    io.out(`audit log NOT intact: ${report.problems.length} problem(s) in ${scope}${unchecked}`);
    io.setExitCode(ExitCode.Failed);
  } else if (report.unchecked > 0) {
    io.out(`audit log NOT verified: no problem found in ${scope}${unchecked}`);
    io.setExitCode(ExitCode.Failed);
  } else {
    const keyed = report.keyed > 0 ? `; ${report.keyed} keyed entries checked with the key` : "";
    const held = anchored.length > 0 ? `; ${anchored.join(" and ")} held` : "";
    io.out(`audit log intact: ${scope}${keyed}${held}`);
  }
}

/** A store file that holds nothing (absent or 0 bytes) while a manifest or anchor says it held entries. */
function emptyStoreProblem(
  file: string,
  anchors: readonly { anchor: { position: number; events: number; runs: number }; source: string }[],
): string | undefined {
  const stats = statSync(file, { throwIfNoEntry: false });
  const state = stats === undefined ? "missing" : stats.size === 0 ? "empty (0 bytes)" : undefined;
  if (state === undefined) return undefined;
  const recorded = anchors.find(({ anchor }) => anchor.position > 0);
  if (recorded === undefined) return stats === undefined ? undefined : `the store ${file} is ${state}`;
  const { anchor, source } = recorded;
  return `the store ${file} is ${state}; ${source} records store chain entry ${anchor.position} (${anchor.events} events in ${anchor.runs} runs)`;
}

export function registerAudit(program: Command, io: Io): void {
  const audit = program.command("audit").description("read and verify the hash-chained audit log");
  audit
    .command("show")
    .description(
      "a readable trace of one run; a run or approval record that disagrees with its events is flagged",
    )
    .argument("<runId>", "the run")
    .option("--store <path>", storeFlag)
    .action(async (runId: string, flags: { store?: string }) => {
      await withStoreToRead(flags, async ({ store }) => {
        const events = await store.audit.list(runId);
        const run = await store.runs.get(runId);
        if (events.length === 0 && !run)
          throw new UserError({ code: ErrorCode.RunInvalid, message: `no run ${runId} in the audit log` });
        const approvals: ApprovalRecord[] = [];
        for (const status of ["pending", "approved", "rejected"] as const)
          approvals.push(...(await store.approvals.list({ status, runId })));
        // Events are stored redacted; the run record of a store written before redaction was everywhere may not be.
        io.out(redactString(formatTrace(run, events, traceNotes(run, approvals, events))));
      });
    });
  audit
    .command("verify")
    .description(
      "recompute every hash chain and the store chain over them; name any edited, deleted, inserted or reordered event, deleted run, emptied store or record that disagrees with its events (exit 1)",
    )
    .option("--store <path>", storeFlag)
    .option(
      "--key-file <file>",
      "the audit key (owner-only file; default REINS_AUDIT_KEY_FILE or REINS_AUDIT_KEY)",
    )
    .option(
      "--anchor <file>",
      "an anchor written by `reins audit anchor`: the store must still hold that head",
    )
    .action(async (flags: { store?: string; keyFile?: string; anchor?: string }) => {
      const location = commandStore(flags);
      const key = await resolveAuditKey(flags);
      const anchors: { anchor: Awaited<ReturnType<typeof readAnchor>>; source: string }[] = [];
      if (flags.anchor !== undefined)
        anchors.push({ anchor: await readAnchor(flags.anchor), source: `the anchor ${flags.anchor}` });
      // A SQLite store's manifest lies beside its file; a PostgreSQL store has none (keep `reins audit anchor`).
      const file = location.kind === "sqlite" ? resolve(location.path) : undefined;
      const manifest = file === undefined ? undefined : await readManifest(file);
      if (manifest !== undefined && file !== undefined)
        anchors.push({ anchor: manifest, source: `the manifest ${manifestPath(file)}` });
      const empty = file === undefined ? undefined : emptyStoreProblem(file, anchors);
      if (empty !== undefined) {
        io.out(`TAMPERED truncated: store: ${empty}`);
        io.out("audit log NOT intact: 1 problem(s): the store holds nothing");
        io.setExitCode(ExitCode.Failed);
        return;
      }
      await withStoreToRead(flags, async ({ store }) => {
        const report = await verifyAudit(store, { ...(key ? { key } : {}), anchors });
        printReport(
          io,
          report,
          anchors.map(({ source }) => source),
        );
      });
    });
  audit
    .command("anchor")
    .description(
      "write the store chain's head (position, hash, counts, keyed, time) as JSON, to keep elsewhere",
    )
    .option("--store <path>", storeFlag)
    .option("--out <file>", "write it to this file (0600) instead of stdout")
    .action(async (flags: { store?: string; out?: string }) => {
      await withStoreToRead(flags, async ({ store }) => {
        const text = `${JSON.stringify(await takeAnchor(store, new Date()), null, 2)}\n`;
        if (flags.out === undefined) io.out(text.trimEnd());
        else {
          writeUserFile(flags.out, text, { what: "audit anchor", flag: "--out" });
          io.out(`wrote the audit anchor to ${flags.out}`);
        }
      });
    });
}

/** The status line and flags of `audit show`: the status is the chain's; a record that disagrees is flagged. */
function traceNotes(
  run: RunRecord | undefined,
  approvals: readonly ApprovalRecord[],
  events: Parameters<typeof chainStatus>[0],
): { status?: string; notes: string[] } {
  const chain = chainStatus(events);
  const notes = checkRecords([], approvals, () => events).map((p) => `FLAG: ${p.message}`);
  if (run === undefined) return { notes };
  if (chain === undefined)
    return { status: `${run.status} (runs table; the audit chain has no lifecycle event)`, notes };
  if (chain.status === run.status) return { status: chain.status, notes };
  return {
    status: `${chain.status} (runs table says ${run.status} — the record disagrees with the audit chain)`,
    notes,
  };
}
