/** One event's summary in a trace: a line beside the event, and optional detail lines under it. */
export interface TraceSummary {
  line: string;
  details: string[];
}

type Data = Record<string, unknown>;

const maxJson = 100;

function asData(value: unknown): Data {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Data) : {};
}

/** Compact JSON, cut at `max` characters. */
function compact(value: unknown, max = maxJson): string {
  const json = value === undefined ? "undefined" : JSON.stringify(value);
  return json.length > max ? `${json.slice(0, max - 1)}…` : json;
}

/** A string as is, anything else as compact JSON. */
function text(value: unknown): string {
  return typeof value === "string" ? value : compact(value);
}

/** Compact JSON of an event's data; nothing for an empty object. */
function generic(data: unknown): string {
  return typeof data === "object" && data !== null && Object.keys(data).length === 0 ? "" : compact(data);
}

const join = (...parts: (string | undefined | false)[]) => parts.filter((part) => part).join(" ");

const plain = (line: string, details: string[] = []): TraceSummary => ({ line, details });

function facts(d: Data): TraceSummary {
  if (!Array.isArray(d.facts)) return plain(compact(d));
  const listed = d.facts.map((item) => {
    const fact = asData(item);
    return `${text(fact.key)}=${compact(fact.value, 40)} (${text(fact.provenance)})`;
  });
  const count = `${listed.length} ${listed.length === 1 ? "fact" : "facts"}`;
  return plain(listed.length === 0 ? count : `${count}: ${listed.join(", ")}`);
}

function modelCall(d: Data): TraceSummary {
  const usage = asData(d.usage);
  const parts: string[] = [];
  if (d.step !== undefined) parts.push(`step ${text(d.step)}`);
  if ("inputTokens" in usage)
    parts.push(`${text(usage.inputTokens)} in / ${text(usage.outputTokens)} out tokens`);
  if (Array.isArray(d.toolCalls)) {
    const names = d.toolCalls.map((call) => {
      const c = asData(call);
      return c.callId === undefined ? text(c.toolName) : `${text(c.toolName)} (${text(c.callId)})`;
    });
    parts.push(names.length === 0 ? "no tool calls" : `calls ${names.join(", ")}`);
  } else if (d.toolCalls !== undefined) {
    parts.push(`${text(d.toolCalls)} tool calls`);
  }
  return plain(parts.join(", "));
}

function verdict(d: Data): TraceSummary {
  const v = asData(d.verdict);
  const reasons = Array.isArray(v.reasons) ? v.reasons.map(asData) : [];
  return plain(
    join(text(d.callId), text(v.type), v.approvedBy !== undefined && `(approved by ${text(v.approvedBy)})`),
    reasons.map((r) => `- ${text(r.rule)} ${text(r.code)}: ${text(r.message)}`),
  );
}

function executed(d: Data): TraceSummary {
  const attempts = typeof d.attempts === "number" && d.attempts > 1 && `after ${d.attempts} attempts`;
  const result = d.result ?? d.output;
  const line = join(text(d.callId), text(d.toolName), text(d.status), attempts, result !== undefined && "→");
  const withResult = result === undefined ? line : `${line} ${compact(result)}`;
  return plain(withResult, d.error === undefined ? [] : [`error: ${text(d.error)}`]);
}

function decided(d: Data): TraceSummary {
  const entered = typeof d.enteredBy === "string" ? ` (entered by ${text(d.enteredBy)})` : "";
  const by =
    d.decidedBy === undefined || d.decidedBy === null ? undefined : `by ${text(d.decidedBy)}${entered}`;
  const note = typeof d.note === "string" && d.note !== "" ? `: ${JSON.stringify(d.note)}` : "";
  return plain(`${join(text(d.approvalId), text(d.status), by)}${note}`);
}

function ended(d: Data): TraceSummary {
  const outcome = asData(d.outcome);
  const decisionField = outcome.decision;
  // The decision is a label, or a record `{ decision, confidence, … }` as the runtime writes it.
  const record = asData(decisionField);
  const label = typeof decisionField === "object" && decisionField !== null ? record.decision : decisionField;
  const confidence = outcome.confidence ?? record.confidence;
  const line = join(
    text(outcome.type),
    label !== undefined && text(label),
    // A proxied call's run (`reins mcp-proxy`): which tool, and what came of it.
    outcome.toolName !== undefined && text(outcome.toolName),
    outcome.status !== undefined && text(outcome.status),
    confidence !== undefined && `(confidence ${text(confidence)})`,
    outcome.draft === true && "(draft)",
    outcome.code !== undefined && `${text(outcome.code)}:`,
    outcome.message !== undefined && text(outcome.message),
  );
  return plain(outcome.reason === undefined ? line : `${line}: ${text(outcome.reason)}`);
}

function suspended(d: Data): TraceSummary {
  const { kind, ...rest } = d;
  if (kind === undefined) return plain(generic(d));
  return plain(join(text(kind), Object.keys(rest).length > 0 && compact(rest)));
}

const summaries: Record<string, (d: Data) => TraceSummary> = {
  "run.started": started,
  "context.retrieved": facts,
  "model.called": modelCall,
  "tool.proposed": (d) => plain(join(text(d.callId), text(d.toolName), compact(d.input))),
  "tool.verdict": verdict,
  "tool.executed": executed,
  "approval.requested": (d) =>
    plain(join(text(d.approvalId), "for", text(d.callId), d.toolName !== undefined && text(d.toolName))),
  "approval.decided": decided,
  "run.suspended": suspended,
  "run.resumed": (d) => plain(d.from !== undefined ? `from ${text(d.from)}` : generic(d)),
  "run.ended": ended,
  "review.recorded": reviewed,
};

function reviewed(d: Data): TraceSummary {
  const entered = typeof d.enteredBy === "string" ? ` (entered by ${text(d.enteredBy)})` : "";
  const by = typeof d.reviewer === "string" ? `by ${text(d.reviewer)}${entered}` : undefined;
  const why = [d.errorType, d.rootCause].filter((v) => typeof v === "string").map((v) => text(v));
  const correction =
    d.correction === undefined || d.correction === null ? undefined : `→ ${compact(d.correction)}`;
  const note = typeof d.note === "string" && d.note !== "" ? `: ${JSON.stringify(d.note)}` : "";
  return plain(
    `${join(text(d.reviewId), text(d.outcome), by, why.length > 0 && why.join(", "), correction)}${note}`,
  );
}

/** Summarises one event's data by its type; unknown types are shown as compact JSON. */
/** A run's start: its input, and how its autonomy was settled against a certificate when one was in play. */
function started(d: Record<string, unknown>): TraceSummary {
  const line = `input ${compact(d.input)}`;
  if (d.certifiedAutonomy === undefined) return { line, details: [] };
  const capped =
    d.cappedBy === null || d.cappedBy === undefined
      ? `autonomy ${text(d.autonomy)} (asked ${text(d.requestedAutonomy)}, certified ${text(d.certifiedAutonomy)})`
      : `autonomy capped at ${text(d.autonomy)}: asked ${text(d.requestedAutonomy)}, certified ${text(d.certifiedAutonomy)}${d.certificate ? ` by ${text(d.certificate)}` : ""} (${text(d.cappedBy)}${d.certificateReason ? `: ${text(d.certificateReason)}` : ""})`;
  return { line, details: [capped] };
}

export function summariseEvent(type: string, data: unknown): TraceSummary {
  const summarise = summaries[type];
  return summarise === undefined ? plain(generic(data)) : summarise(asData(data));
}
