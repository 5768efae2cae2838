import type { AuditEvent, AuditHead, AuditKey } from "../audit-event/audit-event.js";
import { computeEventHash, GENESIS_HASH } from "../audit-event/event-hash.js";

/**
 * How an audit chain was tampered with. `downgraded`: an unkeyed entry after keyed ones; `disagrees`: a run or
 * approval record that says otherwise than its events; `wrong-key`: no keyed entry verifies with the key given.
 */
export type AuditProblemKind =
  | "edited"
  | "deleted"
  | "inserted"
  | "reordered"
  | "truncated"
  | "downgraded"
  | "disagrees"
  | "wrong-key";

/** One finding of `verifyAudit`: the run, the stored seq it concerns, what happened. */
export interface AuditProblem {
  /** The run concerned; `""` for the store as a whole. */
  runId: string;
  /** The seq (as stored) of the event concerned, or of the first missing one; for `scope: "store"`, the entry's. */
  seq: number;
  kind: AuditProblemKind;
  /** What was found, in words. */
  message: string;
  /**
   * Which level found it: a run's event chain (absent), the store-level chain or an anchor (`store`), a run or
   * approval record compared with its events (`record`), the audit key (`key`), the chain of autonomy certificates
   * (`certificate`, with `seq` the certificate's).
   */
  scope?: "store" | "record" | "key" | "certificate";
}

/** An event's hash recomputed, or undefined for a keyed event when no key is given (it cannot be checked). */
function recomputed(event: Omit<AuditEvent, "hash">, key: AuditKey | undefined): string | undefined {
  if (event.schemaVersion !== 1 && event.schemaVersion !== 2) return "";
  if (event.schemaVersion === 2 && key === undefined) return undefined;
  return computeEventHash(event, key);
}

/**
 * Where each event was written in its chain, from the hash links: forward from the genesis hash, or, when an
 * event's predecessor is missing, backward from the recorded head; failing both, its stored seq.
 */
function writtenSeqs(events: readonly AuditEvent[], head: AuditHead | undefined): Map<AuditEvent, number> {
  const byHash = new Map(events.map((event) => [event.hash, event]));
  const fromHead = new Map<AuditEvent, number>();
  if (head !== undefined) {
    let seq = head.count;
    for (let e = byHash.get(head.headHash); e !== undefined && !fromHead.has(e); e = byHash.get(e.prevHash)) {
      fromHead.set(e, seq--);
    }
  }
  const written = new Map<AuditEvent, number>();
  for (const event of events) {
    const trail: AuditEvent[] = [];
    const onTrail = new Set<AuditEvent>();
    let base: number | undefined;
    for (let e: AuditEvent | undefined = event; base === undefined; ) {
      const known = e === undefined ? undefined : written.get(e);
      if (e === undefined || known !== undefined || onTrail.has(e)) {
        // Predecessor missing, already placed, or a loop of forged links: anchor on the last event of the trail.
        const last = trail[trail.length - 1] as AuditEvent;
        base = known ?? (fromHead.get(last) ?? last.seq) - 1;
      } else {
        trail.push(e);
        onTrail.add(e);
        if (e.prevHash === GENESIS_HASH) base = 0;
        else e = byHash.get(e.prevHash);
      }
    }
    for (let i = trail.length - 1; i >= 0; i--) written.set(trail[i] as AuditEvent, ++base);
  }
  return written;
}

/**
 * Checks one run's chain (events ordered by stored seq) against its hashes and its recorded head. A keyed event
 * (schemaVersion 2) is checked with `key`; without it, only its links are (`verifyAudit` counts it unchecked).
 */
export function checkChain(
  runId: string,
  events: readonly AuditEvent[],
  head: AuditHead | undefined,
  key?: AuditKey,
): AuditProblem[] {
  const problems = new Map<number, AuditProblem>();
  const report = (seq: number, kind: AuditProblemKind, message: string) => {
    if (!problems.has(seq)) problems.set(seq, { runId, seq, kind, message });
  };
  const byHash = new Map(events.map((event) => [event.hash, event]));
  const written = writtenSeqs(events, head);
  const writtenAt = (event: AuditEvent) => written.get(event) ?? event.seq;

  const intact = new Set<AuditEvent>();
  let keyedSeen = false;
  for (const event of events) {
    if (event.schemaVersion === 2) keyedSeen = true;
    else if (keyedSeen)
      report(
        event.seq,
        "downgraded",
        `event ${event.seq} is unkeyed (a plain sha256) after keyed events: it was rewritten without the key`,
      );
    const hash = recomputed(event, key);
    if (hash === undefined || hash === event.hash) intact.add(event);
    else if (recomputed({ ...event, seq: writtenAt(event) }, key) === event.hash) intact.add(event);
    else
      report(
        event.seq,
        "edited",
        `event ${event.seq} no longer matches its hash (data, type, time or link changed)`,
      );
  }

  let prev: AuditEvent | undefined;
  for (const event of events) {
    const expected = expectedAfter(prev);
    if (event.seq > expected) {
      report(expected, "deleted", `${missing(expected, event.seq - 1)} missing`);
    } else if (intact.has(event) && event.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
      checkLink(event, prev);
    }
    prev = event;
  }

  function checkLink(event: AuditEvent, prev: AuditEvent | undefined): void {
    const linked = byHash.get(event.prevHash);
    const writtenPrev = prev === undefined ? 0 : writtenAt(prev);
    if (linked !== undefined || event.prevHash === GENESIS_HASH) {
      // Its predecessor is stored, elsewhere: either a forged event sits between them, or events were moved.
      if (prev !== undefined && prev.prevHash === event.prevHash) {
        report(
          prev.seq,
          "inserted",
          `event ${prev.seq} is not part of the chain: event ${event.seq} links past it`,
        );
      } else if (writtenAt(event) !== event.seq) {
        report(
          event.seq,
          "reordered",
          `event stored at seq ${event.seq} was written as seq ${writtenAt(event)}`,
        );
      }
    } else if (writtenAt(event) > writtenPrev + 1) {
      const range = missing(writtenPrev + 1, writtenAt(event) - 1);
      report(expectedAfter(prev), "deleted", `${range} missing; the events after were renumbered`);
    } else if (prev !== undefined) {
      report(
        prev.seq,
        "edited",
        `event ${prev.seq} was rewritten: event ${event.seq} links to a different hash`,
      );
    }
  }

  checkHead(events, head, problems.size > 0, report);
  return [...problems.values()].sort((a, b) => a.seq - b.seq);
}

function expectedAfter(prev: AuditEvent | undefined): number {
  return prev === undefined ? 1 : prev.seq + 1;
}

function missing(from: number, to: number): string {
  return from === to ? `event ${from} is` : `events ${from} to ${to} are`;
}

/** Compares the stored chain's end with the head recorded in the same transaction as each append. */
function checkHead(
  events: readonly AuditEvent[],
  head: AuditHead | undefined,
  alreadyFlagged: boolean,
  report: (seq: number, kind: AuditProblemKind, message: string) => void,
): void {
  const last = events[events.length - 1];
  if (last === undefined) {
    if (head !== undefined)
      report(1, "truncated", `the run's head records ${head.count} events; none are stored`);
    return;
  }
  if (head === undefined) {
    const first = events[0] as AuditEvent;
    report(
      first.seq,
      "inserted",
      "no chain head is recorded for this run: its events were not written by the store",
    );
    return;
  }
  if (head.headHash === last.hash) {
    if (head.count !== last.seq && !alreadyFlagged) {
      report(
        last.seq,
        "edited",
        `the run's head records ${head.count} events; the last is stored at seq ${last.seq}`,
      );
    }
    return;
  }
  const headIndex = events.findIndex((event) => event.hash === head.headHash);
  if (headIndex >= 0) {
    for (const event of events.slice(headIndex + 1)) {
      report(event.seq, "inserted", `event ${event.seq} comes after the recorded head (event ${head.count})`);
    }
  } else if (head.count > last.seq) {
    report(
      last.seq + 1,
      "truncated",
      `the run's head records ${head.count} events; the chain ends at seq ${last.seq}`,
    );
  } else if (head.count === last.seq) {
    report(last.seq, "edited", `event ${last.seq} is not the event recorded as the chain's head`);
  } else {
    for (const event of events.filter((e) => e.seq > head.count)) {
      report(event.seq, "inserted", `event ${event.seq} comes after the recorded head (event ${head.count})`);
    }
  }
}
