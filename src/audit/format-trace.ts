import type { AuditEvent } from "../audit-event/audit-event.js";
import type { RunRecord } from "../store/store.js";
import { summariseEvent } from "./trace-summaries.js";

/** Width of the event-type column; longer types push their summary right. */
const typeWidth = 18;

/** `+1.234s`, `+2m 03.400s`, `+26h 03m 04.000s`: time since the run's first event. */
function offset(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  const abs = Math.abs(ms);
  const seconds = (abs % 60_000) / 1000;
  const minutes = Math.floor(abs / 60_000) % 60;
  const hours = Math.floor(abs / 3_600_000);
  if (abs < 60_000) return `${sign}${seconds.toFixed(3)}s`;
  const ss = seconds.toFixed(3).padStart(6, "0");
  if (hours === 0) return `${sign}${minutes}m ${ss}s`;
  return `${sign}${hours}h ${String(minutes).padStart(2, "0")}m ${ss}s`;
}

/** What the trace says beyond the run's record: its status as read from the chain, and notes below the header. */
export interface TraceNotes {
  /** The status line's text, in place of the run record's status. */
  status?: string;
  /** Lines printed after the header (each indented). */
  notes?: readonly string[];
}

function header(run: RunRecord | undefined, events: readonly AuditEvent[], status?: string): string[] {
  const first = events[0];
  if (run === undefined) {
    return [`Run ${first?.runId ?? "?"} (no run record)`, ...(first ? [`  started   ${first.at}`] : [])];
  }
  return [
    `Run ${run.id}`,
    `  charter   ${run.charter}@${run.charterVersion}`,
    `  agent     ${run.agent}`,
    `  autonomy  ${run.autonomy}`,
    `  status    ${status ?? run.status}`,
    `  started   ${first?.at ?? run.createdAt}`,
  ];
}

/**
 * A readable plain-text trace of one run for `reins audit show <runId>`: a header (run id, charter@version, agent,
 * autonomy, status), then one line per event in order (time since the first event, seq, type, a compact summary
 * of its data) with details such as a verdict's reasons indented below. No colours.
 */
export function formatTrace(
  run: RunRecord | undefined,
  events: readonly AuditEvent[],
  notes: TraceNotes = {},
): string {
  const lines = header(run, events, notes.status);
  lines.push(`  events    ${events.length}`);
  for (const note of notes.notes ?? []) lines.push(`  ${note}`);
  lines.push("");
  if (events.length === 0) {
    lines.push("  (no audit events)");
    return `${lines.join("\n")}\n`;
  }
  const start = Date.parse((events[0] as AuditEvent).at);
  const offsets = events.map((event) => offset(Date.parse(event.at) - start));
  const offsetWidth = Math.max(...offsets.map((o) => o.length));
  const seqWidth = Math.max(...events.map((event) => String(event.seq).length)) + 1;
  const indent = " ".repeat(2 + offsetWidth + 2 + seqWidth + 2 + typeWidth + 2);
  events.forEach((event, i) => {
    const { line, details } = summariseEvent(event.type, event.data);
    const prefix = `  ${(offsets[i] as string).padStart(offsetWidth)}  ${`#${event.seq}`.padEnd(seqWidth)}`;
    lines.push(`${prefix}  ${event.type.padEnd(typeWidth)}  ${line}`.trimEnd());
    for (const detail of details) lines.push(`${indent}${detail}`);
  });
  return `${lines.join("\n")}\n`;
}
