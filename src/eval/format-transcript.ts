import { summariseEvent } from "../audit/trace-summaries.js";
import { describeOutcome } from "./scorers/describe.js";
import type { TranscriptCall, TrialTranscript } from "./transcript.js";

/** Longest JSON shown on one line; the stored transcript keeps everything. */
const maxJson = 400;

function json(value: unknown): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value);
  return text.length > maxJson ? `${text.slice(0, maxJson - 1)}…` : text;
}

/** Every line of a multi-line text, indented. */
function indented(text: string, prefix: string): string[] {
  return text.split("\n").map((line) => `${prefix}${line}`.trimEnd());
}

/** What the gate did and how it was resolved: `require-approval → approved by reins-eval`. */
export function describeGate(call: Pick<TranscriptCall, "verdict" | "resolution" | "approval">): string {
  const by = call.approval ? ` by ${call.approval.decidedBy}` : "";
  if (call.verdict === "allow") return "allow";
  return `${call.verdict} → ${call.resolution}${call.resolution === "approved" || call.resolution === "rejected" ? by : ""}`;
}

/**
 * One trial's transcript as plain text for `reins show`: the verdict of the scorers, the model conversation, each
 * tool call (input, the gate's verdict and its resolution, output), the world's changes and the audit events.
 */
export function formatTranscript(transcript: TrialTranscript, evalId: string): string {
  const t = transcript;
  const lines = [
    `Trial ${t.trial} of case ${t.caseId} (eval ${evalId}): ${t.passed ? "passed" : "failed"}`,
    `  run      ${t.runId}`,
    `  input    ${json(t.input)}`,
    `  outcome  ${describeOutcome(t.outcome)}`,
  ];
  if (t.failures.length > 0) {
    lines.push("  failures");
    for (const f of t.failures) lines.push(`    - ${f.category}: ${f.message}`);
  }
  lines.push("");
  if (t.messages === null) {
    lines.push("Model messages: none (a function agent ran)");
  } else {
    lines.push(`Model messages (${t.messages.length})`);
    for (const message of t.messages) {
      lines.push(`  ${message.role}:`);
      lines.push(...indented(message.content, "    "));
    }
  }
  lines.push("", `Tool calls (${t.toolCalls.length})`);
  if (t.toolCalls.length === 0) lines.push("  (none)");
  t.toolCalls.forEach((call, i) => {
    lines.push(`  ${i + 1}. ${call.toolName}  ${call.callId}`);
    lines.push(`     input    ${json(call.input)}`);
    lines.push(`     verdict  ${describeGate(call)}`);
    for (const reason of call.reasons)
      lines.push(`       - ${reason.rule} ${reason.code}: ${reason.message}`);
    if (call.approval?.note) lines.push(`       note: ${call.approval.note}`);
    const attempts =
      call.attempts !== undefined && call.attempts > 1 ? ` after ${call.attempts} attempts` : "";
    lines.push(
      `     status   ${call.status}${attempts}${call.fallbackUsed ? ` (fallback ${call.fallbackUsed})` : ""}`,
    );
    if (call.output !== undefined) lines.push(`     output   ${json(call.output)}`);
    if (call.error !== undefined) lines.push(`     error    ${call.error}`);
  });
  lines.push("", `World changes (${t.worldChanges.length})`);
  if (t.worldChanges.length === 0) lines.push("  (none)");
  for (const change of t.worldChanges)
    lines.push(`  ${change.path}: ${json(change.before)} → ${json(change.after)}`);
  lines.push("", `Events (${t.events.length})`);
  for (const event of t.events) {
    const { line, details } = summariseEvent(event.type, event.data);
    lines.push(`  #${event.seq} ${event.type}  ${line}`.trimEnd());
    for (const detail of details) lines.push(`      ${detail}`);
  }
  return `${lines.join("\n")}\n`;
}
