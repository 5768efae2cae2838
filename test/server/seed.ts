import { hashJson } from "../../src/hash/canonical-hash.js";
import type { Store } from "../../src/store/store.js";

/** A run as `reins run` records it (run record, `run.started` with startedBy, its events), with an approval. */
export async function seedRun(
  store: Store,
  options: {
    id: string;
    charter?: string;
    startedBy?: string;
    input?: unknown;
    outcome?: unknown;
    toolOutput?: unknown;
    modelText?: string;
    approval?: { id: string; toolName?: string; input?: unknown; reason?: string };
  },
): Promise<void> {
  const charter = options.charter ?? "lead-routing";
  const input = options.input ?? { email: "jo@acme.com" };
  await store.runs.create({
    id: options.id,
    charter,
    charterVersion: "1.0.0",
    status: options.approval ? "suspended" : "completed",
    autonomy: "supervised",
    agent: "model:scripted",
    input,
    outcome: options.outcome ?? null,
    checkpoint: null,
  });
  const events = [
    {
      type: "run.started",
      data: {
        charter,
        version: "1.0.0",
        agent: "model:scripted",
        autonomy: "supervised",
        input,
        ...(options.startedBy ? { startedBy: options.startedBy } : {}),
      },
    },
    { type: "model.called", data: { text: options.modelText ?? "routing it" } },
    {
      type: "tool.executed",
      data: { callId: "call-1", toolName: "crm_lookup", status: "ok", output: options.toolOutput ?? {} },
    },
    options.approval
      ? { type: "run.suspended", data: { approvalId: options.approval.id } }
      : { type: "run.ended", data: { outcome: options.outcome ?? null } },
  ];
  for (const event of events) await store.audit.append({ runId: options.id, ...event });
  if (options.approval) {
    const callInput = options.approval.input ?? { to: "jo@acme.com" };
    await store.approvals.create({
      id: options.approval.id,
      runId: options.id,
      charter,
      callId: "call-2",
      toolName: options.approval.toolName ?? "send_email",
      input: callInput,
      inputHash: hashJson(callInput),
      reasons: {
        kind: "approval",
        reasons: [
          { rule: "external", code: "EXTERNAL", message: options.approval.reason ?? "needs a human" },
        ],
      },
    });
  }
}
