import { type AuditEventInput, sealingEventTypes } from "../../audit-event/audit-event.js";
import { GENESIS_HASH, nextAuditEvent } from "../../audit-event/event-hash.js";
import { nextStoreEntry } from "../../audit-event/store-chain-hash.js";
import { canonicalJson } from "../../hash/canonical-hash.js";
import type { AuditEvent, Store, StoreChainEntry } from "../store.js";
import { compareText, isoNow, type MemoryContext, sortBy } from "./memory-context.js";

/** An event as kept in memory: its data as the canonical JSON that was hashed. */
interface EventEntry extends Omit<AuditEvent, "data"> {
  data: string;
}

function toEvent(entry: EventEntry): AuditEvent {
  return { ...entry, data: JSON.parse(entry.data) };
}

type AuditArea = Store["audit"];

/** What the memory store's `commit` needs of its audit area beyond `Store["audit"]`. */
export interface MemoryAudit extends AuditArea {
  /**
   * Appends a step's events as the SQL store's commit does: each run of consecutive events of one run adds one
   * store-chain entry when it holds a lifecycle event.
   */
  appendAll(events: readonly AuditEventInput[]): AuditEvent[];
}

/**
 * `Store["audit"]` in memory, with the SQL store's hash chain: each append reads the run's head and writes the new
 * event without yielding, so concurrent appends to one run get contiguous seqs.
 */
export function memoryAudit(context: MemoryContext): MemoryAudit {
  const chains = new Map<string, EventEntry[]>();
  const storeChain: StoreChainEntry[] = [];

  function appendOne(input: AuditEventInput): AuditEvent {
    // Stored as canonical JSON and returned parsed, so that the hash computed here is the one verify recomputes.
    const dataText = canonicalJson(input.data);
    const chain = chains.get(input.runId) ?? [];
    const last = chain.at(-1);
    const head = last === undefined ? undefined : { count: chain.length, headHash: last.hash };
    const event = nextAuditEvent(
      { ...input, data: JSON.parse(dataText) },
      head,
      isoNow(context),
      context.auditKey,
    );
    chain.push({ ...event, data: dataText });
    chains.set(input.runId, chain);
    return event;
  }

  function seal(last: AuditEvent): void {
    const tail = storeChain.at(-1);
    const run = { runId: last.runId, count: last.seq, headHash: last.hash };
    storeChain.push(nextStoreEntry(run, tail, last.at, context.auditKey));
  }

  function appendAll(events: readonly AuditEventInput[]): AuditEvent[] {
    const appended: AuditEvent[] = [];
    let i = 0;
    while (i < events.length) {
      const runId = (events[i] as AuditEventInput).runId;
      let seals = false;
      let last: AuditEvent | undefined;
      for (; i < events.length && (events[i] as AuditEventInput).runId === runId; i++) {
        const input = events[i] as AuditEventInput;
        last = appendOne(input);
        appended.push(last);
        if (sealingEventTypes.has(input.type)) seals = true;
      }
      if (seals && last !== undefined) seal(last);
    }
    return appended;
  }

  return {
    appendAll,

    async append(input) {
      return appendAll([input])[0] as AuditEvent;
    },

    async list(runId) {
      return (chains.get(runId) ?? []).map(toEvent);
    },

    async runIds() {
      const firsts = [...chains].map(([runId, chain]) => ({
        runId,
        firstAt: chain.map((entry) => entry.at).reduce((a, b) => (compareText(a, b) <= 0 ? a : b)),
      }));
      return sortBy(firsts, { key: (first) => first.firstAt }, { key: (first) => first.runId }).map(
        (first) => first.runId,
      );
    },

    async head(runId) {
      const chain = chains.get(runId);
      if (chain === undefined) return undefined;
      return { runId, count: chain.length, headHash: chain.at(-1)?.hash ?? GENESIS_HASH };
    },

    async heads() {
      const heads = [...chains].map(([runId, chain]) => ({
        runId,
        count: chain.length,
        headHash: chain.at(-1)?.hash ?? GENESIS_HASH,
      }));
      return sortBy(heads, { key: (head) => head.runId });
    },

    async chain() {
      return storeChain.map((entry) => ({ ...entry }));
    },
  };
}
