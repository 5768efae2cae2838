import type { AuditEvent, AuditHead, AuditKey } from "../audit-event/audit-event.js";
import { computeEventHash } from "../audit-event/event-hash.js";
import { computeStoreEntryHash } from "../audit-event/store-chain-hash.js";
import { brokenCertificate } from "../store/certificate-hash.js";
import type { ApprovalRecord, Store } from "../store/store.js";
import { type AuditProblem, checkChain } from "./check-chain.js";
import { checkRecords } from "./check-records.js";
import { checkStoreChain } from "./check-store-chain.js";
import { checkAnchor, type StoreAnchor } from "./store-anchor.js";

/** The result of `verifyAudit`. */
export interface AuditVerification {
  /** True when every chain is intact and every entry could be checked (`unchecked` is 0). */
  ok: boolean;
  /** Runs checked. */
  runs: number;
  /** Events checked. */
  events: number;
  /** Entries of the store-level chain checked. */
  storeEntries: number;
  /** Autonomy certificates checked (their own chain: seq, links and hashes). */
  certificates: number;
  /** Keyed entries (events and store-chain entries); without a key their MACs are not checked. */
  keyed: number;
  /** Keyed entries whose MAC could not be checked because no key was given: never counted as intact. */
  unchecked: number;
  /** Every problem found, by run (in the store's order) then seq, then the store chain's, then the records'. */
  problems: AuditProblem[];
}

export interface VerifyAuditOptions {
  /** The audit key: keyed entries (schemaVersion 2) are checked with it. */
  key?: AuditKey;
  /** Anchors the store must still hold (an exported head, the CLI's manifest), each with where it came from. */
  anchors?: readonly { anchor: Pick<StoreAnchor, "position" | "hash" | "events" | "runs">; source: string }[];
}

/**
 * Recomputes every run's hash chain and compares its end with the head recorded at each append; then checks the
 * store-level chain over the runs' heads (a run deleted whole, or a store emptied of events, is named), the anchors
 * given, that every run and approval record agrees with its events, and the chain of autonomy certificates. Unkeyed, someone who rewrites events, heads
 * and store chain together, recomputing every hash, is detected only by an anchor kept elsewhere; keyed entries
 * cannot be forged without the key.
 */
export function verifyAudit(store: Store, options: VerifyAuditOptions = {}): Promise<AuditVerification> {
  // One snapshot: a run appended between reading the heads and its events would otherwise look rewritten.
  return store.readConsistent
    ? store.readConsistent(() => verifyRead(store, options))
    : verifyRead(store, options);
}

async function verifyRead(store: Store, options: VerifyAuditOptions): Promise<AuditVerification> {
  const { key } = options;
  const heads = new Map((await store.audit.heads()).map((head) => [head.runId, head]));
  const runIds = [...new Set([...(await store.audit.runIds()), ...heads.keys()])];
  const problems: AuditProblem[] = [];
  const runs = new Map<string, { events: AuditEvent[]; head: AuditHead | undefined }>();
  const withProblems = new Set<string>();
  let events = 0;
  let keyed = 0;
  let unchecked = 0;
  let keyedMatching = 0;
  for (const runId of runIds) {
    const chain = await store.audit.list(runId);
    events += chain.length;
    runs.set(runId, { events: chain, head: heads.get(runId) });
    const found = checkChain(runId, chain, heads.get(runId), key);
    if (found.length > 0) withProblems.add(runId);
    problems.push(...found);
    for (const event of chain) {
      if (event.schemaVersion !== 2) continue;
      keyed++;
      if (key === undefined) unchecked++;
      else if (computeEventHash(event, key) === event.hash) keyedMatching++;
    }
  }
  const chain = await store.audit.chain();
  const storeCheck = checkStoreChain(chain, runs, withProblems, key);
  problems.push(...storeCheck.problems);
  for (const entry of chain) {
    if (entry.schemaVersion !== 2) continue;
    keyed++;
    if (key !== undefined && computeStoreEntryHash(entry, key) === entry.hash) keyedMatching++;
  }
  unchecked += storeCheck.unchecked;
  for (const { anchor, source } of options.anchors ?? [])
    problems.push(...checkAnchor(chain, anchor, source));

  const approvals: ApprovalRecord[] = [];
  for (const status of ["pending", "approved", "rejected"] as const)
    approvals.push(...(await store.approvals.list({ status })));
  const eventsOf = (runId: string) => runs.get(runId)?.events ?? [];
  problems.push(...checkRecords(await store.runs.list(), approvals, eventsOf));
  const certificates = await store.certificates.list();
  const broken = brokenCertificate(certificates);
  if (broken !== undefined)
    problems.push({
      runId: "",
      seq: broken,
      kind: "edited",
      scope: "certificate",
      message: `autonomy certificate #${broken} does not match its chain (its fields, its seq or its link to the one before were changed, or one was removed): the gate no longer trusts it or any after it`,
    });

  const reported =
    key !== undefined && keyed > 0 && keyedMatching === 0
      ? [
          {
            runId: "",
            seq: 0,
            kind: "wrong-key" as const,
            message: `none of the ${keyed} keyed entries verifies with this key: it is not the key the store was written with (or every keyed entry was forged)`,
            scope: "key" as const,
          },
          ...problems.filter((p) => p.kind !== "edited"),
        ]
      : problems;
  return {
    ok: reported.length === 0 && unchecked === 0,
    runs: runIds.length,
    events,
    storeEntries: chain.length,
    certificates: certificates.length,
    keyed,
    unchecked,
    problems: reported,
  };
}
