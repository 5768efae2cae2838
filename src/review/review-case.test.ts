import { describe, expect, it } from "vitest";
import { tools } from "../../examples/lead-routing/tools.js";
import { loadCharter } from "../charter/load-charter.js";
import { createToolRegistry } from "../contract/tool-registry.js";
import { caseSchema } from "../eval/case.js";
import type { AuditEvent, ReviewRecord, RunRecord } from "../store/store.js";
import { actualCalls, redactedPaths, reviewRedteamCase } from "./review-case.js";

const registry = createToolRegistry(tools);
const charter = await loadCharter("examples/lead-routing/charter.yaml", { registry });

const run: RunRecord = {
  id: "run-1",
  charter: charter.name,
  charterVersion: charter.version,
  status: "completed",
  autonomy: "draft",
  agent: "function:test",
  input: { leadId: "L-1", form: { email: "a@b.com", phone: "[REDACTED]" } },
  outcome: {
    type: "decision",
    decision: { decision: "route_to_sales", status: "qualified", owner: "maria.chen", confidence: 0.9 },
    draft: false,
  },
  checkpoint: null,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
};

const review = (patch: Partial<ReviewRecord>): ReviewRecord => ({
  id: "rev_1",
  runId: "run-1",
  reviewer: "ana",
  createdAt: "2025-01-02T00:00:00.000Z",
  schemaVersion: 1,
  outcome: "edited",
  errorType: "missing_context",
  correction: null,
  rootCause: "data",
  retrainingPriority: "high",
  note: null,
  ...patch,
});

let seq = 0;
const event = (type: string, data: unknown): AuditEvent =>
  ({ seq: ++seq, runId: "run-1", type, data }) as unknown as AuditEvent;

const events = [
  event("tool.proposed", { callId: "c1", toolName: "crm_lookup_account", input: { domain: "b.com" } }),
  event("tool.verdict", { callId: "c1", toolName: "crm_lookup_account", verdict: { type: "allow" } }),
  event("tool.executed", { callId: "c1", toolName: "crm_lookup_account" }),
  event("tool.proposed", { callId: "c2", toolName: "crm_update_lead", input: { leadId: "L-1" } }),
  event("tool.verdict", { callId: "c2", toolName: "crm_update_lead", verdict: { type: "allow" } }),
  event("tool.proposed", { callId: "c3", toolName: "slack_alert_owner", input: {} }),
  event("tool.verdict", {
    callId: "c3",
    toolName: "slack_alert_owner",
    verdict: { type: "deny", reasons: [] },
  }),
];

describe("reviewRedteamCase", () => {
  it("makes the correction the expectation, keeps the actual behaviour, and links the run and review", () => {
    const made = reviewRedteamCase({
      run,
      review: review({
        correction: {
          decision: "nurture",
          fields: { status: "nurture", owner: null },
          actions: [
            { tool: "crm_update_lead", input: { leadId: "L-1" } },
            { tool: "slack_alert_owner", input: {} },
          ],
        },
      }),
      events,
      charter,
      registry,
      now: new Date("2025-01-03T00:00:00.000Z"),
    });
    expect(made.id).toBe("rt-review-run-1");
    expect(made.expect).toMatchObject({
      decision: "nurture",
      fields: { status: "nurture", owner: null },
      tools: { required: ["crm_update_lead", "slack_alert_owner"], ordered: true, forbidden: [] },
    });
    expect(made.impact).toBe("high");
    expect(made.redteam).toMatchObject({
      runId: "run-1",
      reviewId: "rev_1",
      rootCause: "data",
      addedAt: "2025-01-03T00:00:00.000Z",
      actual: {
        outcome: { type: "decision", decision: "route_to_sales", status: "qualified", owner: "maria.chen" },
        toolCalls: ["crm_lookup_account executed", "crm_update_lead proposed", "slack_alert_owner denied"],
      },
    });
    // The case is one the suite loader accepts as written.
    expect(caseSchema.safeParse(made).success).toBe(true);
  });

  it("keeps the run's decision when only fields were corrected", () => {
    const made = reviewRedteamCase({
      run,
      review: review({ correction: { fields: { owner: "li.wei" } } }),
      events,
      charter,
      registry,
    });
    expect(made.expect.decision).toBe("route_to_sales");
    expect(made.expect.fields).toEqual({ owner: "li.wei" });
    expect(made.expect.tools.required).toEqual([]);
  });

  it("a rejection without a correction forbids the effectful tools the run called, not its reads", () => {
    const made = reviewRedteamCase({
      run,
      review: review({ outcome: "rejected" }),
      events,
      charter,
      registry,
    });
    expect(made.expect.tools.forbidden).toEqual(["crm_update_lead", "slack_alert_owner"]);
    expect(made.expect.noAction).toBe(false);
    expect(made.expect.decision).toBeUndefined();
  });

  it("a rejection of a run that called no effectful tool expects no action", () => {
    const made = reviewRedteamCase({
      run,
      review: review({ outcome: "rejected" }),
      events: [],
      charter,
      registry,
    });
    expect(made.expect.noAction).toBe(true);
    expect(made.expect.tools.forbidden).toEqual([]);
  });

  it("marks a case whose stored input holds [REDACTED] not runnable, naming the paths", () => {
    const made = reviewRedteamCase({
      run,
      review: review({ correction: { decision: "nurture" } }),
      events,
      charter,
    });
    expect(made.redteam?.redactedInput).toEqual(["form.phone"]);
    expect(made.redteam?.notRunnable).toContain("form.phone");
    const clean = reviewRedteamCase({
      run: { ...run, input: { leadId: "L-1" } },
      review: review({ correction: { decision: "nurture" } }),
      events,
      charter,
    });
    expect(clean.redteam?.notRunnable).toBeUndefined();
    expect(clean.redteam?.redactedInput).toBeUndefined();
  });
});

describe("redactedPaths and actualCalls", () => {
  it("finds redacted strings at any depth, and tool calls by their last status", () => {
    expect(redactedPaths({ a: "x", b: { c: "[REDACTED]" }, d: ["ok", "key [REDACTED]"] })).toEqual([
      "b.c",
      "d[1]",
    ]);
    expect(redactedPaths("[REDACTED]")).toEqual(["(input)"]);
    expect(actualCalls(events).map((c) => c.status)).toEqual(["executed", "proposed", "denied"]);
  });
});
