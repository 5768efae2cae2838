import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../audit-event/audit-event.js";
import type { RunRecord } from "../store/store.js";
import { formatTrace } from "./format-trace.js";

const t0 = Date.parse("2025-03-01T09:00:00.000Z");

function events(list: [seconds: number, type: string, data: unknown][], runId = "run-42"): AuditEvent[] {
  return list.map(([seconds, type, data], i) => ({
    schemaVersion: 1,
    runId,
    seq: i + 1,
    type,
    at: new Date(t0 + seconds * 1000).toISOString(),
    data,
    prevHash: "0".repeat(64),
    hash: "f".repeat(64),
  }));
}

const run: RunRecord = {
  id: "run-42",
  charter: "lead-routing",
  charterVersion: "1.2.0",
  status: "completed",
  autonomy: "supervised",
  agent: "model:openai:gpt-4.1-mini",
  input: {},
  outcome: null,
  checkpoint: null,
  createdAt: "2025-03-01T09:00:00.000Z",
  updatedAt: "2025-03-01T11:00:05.000Z",
};

const reasons = [
  { rule: "external-communication", code: "EXTERNAL_COMMUNICATION", message: "emails need a human" },
  { rule: "autonomy", code: "AUTONOMY_SUPERVISED", message: "action tools run after approval" },
];

describe("formatTrace", () => {
  it("prints a header and one line per event, with details below", () => {
    const trace = formatTrace(
      run,
      events([
        [0, "run.started", { charter: "lead-routing", input: { email: "jo@acme.com", company: "Acme" } }],
        [
          0.12,
          "context.retrieved",
          {
            facts: [
              { key: "plan", value: "pro", provenance: "verified", source: "crm" },
              { key: "owner", value: { name: "Ana" }, provenance: "inferred", source: "run-7" },
            ],
          },
        ],
        [
          1.5,
          "model.called",
          {
            step: 1,
            usage: { inputTokens: 812, outputTokens: 64 },
            toolCalls: [
              { callId: "c1", toolName: "crm_lookup" },
              { callId: "c2", toolName: "send_email" },
            ],
          },
        ],
        [1.51, "tool.proposed", { callId: "c1", toolName: "crm_lookup", input: { domain: "acme.com" } }],
        [1.52, "tool.verdict", { callId: "c1", toolName: "crm_lookup", verdict: { type: "allow" } }],
        [
          2.9,
          "tool.executed",
          { callId: "c1", toolName: "crm_lookup", status: "ok", output: { owner: "Ana" }, attempts: 2 },
        ],
        [2.91, "tool.proposed", { callId: "c2", toolName: "send_email", input: { to: "jo@acme.com" } }],
        [2.92, "tool.verdict", { callId: "c2", verdict: { type: "require-approval", reasons } }],
        [2.93, "approval.requested", { approvalId: "appr_1", callId: "c2", toolName: "send_email" }],
        [2.94, "run.suspended", { kind: "approval", approval: { approvalId: "appr_1" } }],
        [
          7200,
          "approval.decided",
          { approvalId: "appr_1", status: "approved", decidedBy: "ana", note: "ok" },
        ],
        [7201, "run.resumed", { from: "suspended" }],
        [
          7203.5,
          "tool.executed",
          { callId: "c2", toolName: "send_email", status: "failed", error: "timeout" },
        ],
        [7204, "workflow.custom", { anything: [1, 2] }],
        [
          7205,
          "run.ended",
          {
            status: "completed",
            outcome: {
              type: "decision",
              decision: { decision: "qualified", confidence: 0.92 },
              draft: false,
            },
          },
        ],
      ]),
    );
    expect(trace).toMatchInlineSnapshot(`
      "Run run-42
        charter   lead-routing@1.2.0
        agent     model:openai:gpt-4.1-mini
        autonomy  supervised
        status    completed
        started   2025-03-01T09:00:00.000Z
        events    15

                +0.000s  #1   run.started         input {"email":"jo@acme.com","company":"Acme"}
                +0.120s  #2   context.retrieved   2 facts: plan="pro" (verified), owner={"name":"Ana"} (inferred)
                +1.500s  #3   model.called        step 1, 812 in / 64 out tokens, calls crm_lookup (c1), send_email (c2)
                +1.510s  #4   tool.proposed       c1 crm_lookup {"domain":"acme.com"}
                +1.520s  #5   tool.verdict        c1 allow
                +2.900s  #6   tool.executed       c1 crm_lookup ok after 2 attempts → {"owner":"Ana"}
                +2.910s  #7   tool.proposed       c2 send_email {"to":"jo@acme.com"}
                +2.920s  #8   tool.verdict        c2 require-approval
                                                  - external-communication EXTERNAL_COMMUNICATION: emails need a human
                                                  - autonomy AUTONOMY_SUPERVISED: action tools run after approval
                +2.930s  #9   approval.requested  appr_1 for c2 send_email
                +2.940s  #10  run.suspended       approval {"approval":{"approvalId":"appr_1"}}
        +2h 00m 00.000s  #11  approval.decided    appr_1 approved by ana: "ok"
        +2h 00m 01.000s  #12  run.resumed         from suspended
        +2h 00m 03.500s  #13  tool.executed       c2 send_email failed
                                                  error: timeout
        +2h 00m 04.000s  #14  workflow.custom     {"anything":[1,2]}
        +2h 00m 05.000s  #15  run.ended           decision qualified (confidence 0.92)
      "
    `);
  });

  it("prints outcomes as labels or records, and events without a run record", () => {
    const trace = formatTrace(
      undefined,
      events(
        [
          [0, "run.started", { input: null }],
          [65.25, "model.called", { step: 2, toolCalls: [] }],
          [
            66,
            "run.ended",
            { outcome: { type: "decision", decision: "nurture", confidence: 0.6, draft: true } },
          ],
          [67, "run.ended", { outcome: { type: "escalation", reason: "company size unknown" } }],
          [68, "run.ended", { outcome: { type: "error", code: "AGENT_ERROR", message: "boom" } }],
          [69, "run.resumed", {}],
          [70, "run.ended", { outcome: { type: "proxied", toolName: "close_ticket", status: "ok" } }],
        ],
        "run-7",
      ),
    );
    expect(trace).toMatchInlineSnapshot(`
      "Run run-7 (no run record)
        started   2025-03-01T09:00:00.000Z
        events    7

            +0.000s  #1  run.started         input null
        +1m 05.250s  #2  model.called        step 2, no tool calls
        +1m 06.000s  #3  run.ended           decision nurture (confidence 0.6) (draft)
        +1m 07.000s  #4  run.ended           escalation: company size unknown
        +1m 08.000s  #5  run.ended           error AGENT_ERROR: boom
        +1m 09.000s  #6  run.resumed
        +1m 10.000s  #7  run.ended           proxied close_ticket ok
      "
    `);
  });

  it("says when a run has no events", () => {
    expect(formatTrace(run, [])).toMatchInlineSnapshot(`
      "Run run-42
        charter   lead-routing@1.2.0
        agent     model:openai:gpt-4.1-mini
        autonomy  supervised
        status    completed
        started   2025-03-01T09:00:00.000Z
        events    0

        (no audit events)
      "
    `);
  });
});
