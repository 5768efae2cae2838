import { describe, expect, it } from "vitest";
import { tools } from "../../../examples/lead-routing/tools.js";
import { createAuditLog } from "../../audit/audit-log.js";
import { loadCharter } from "../../charter/load-charter.js";
import { createToolRegistry } from "../../contract/tool-registry.js";
import { recordReview } from "../../review/record-review.js";
import { openMemoryStore } from "../../store/memory-store.js";
import { fieldValue, formIssues, readReviewForm } from "./review-form.js";

const registry = createToolRegistry(tools);
const charter = await loadCharter("examples/lead-routing/charter.yaml", { registry });

describe("readReviewForm", () => {
  it("reads the terms, the decision, the fields given and the action rows, leaving blanks out", () => {
    const read = readReviewForm({
      outcome: "edited",
      errorType: "wrong_tool",
      rootCause: "",
      retrainingPriority: "high",
      decision: "nurture",
      "field.status": "nurture",
      "field.owner": "null",
      "action.0.tool": "slack_alert_owner",
      "action.0.input": '{"owner":"maria.chen","message":"look"}',
      "action.1.tool": "",
      "action.1.input": "",
      note: "  should have nurtured ",
    });
    expect(read).toEqual({
      ok: true,
      input: {
        outcome: "edited",
        errorType: "wrong_tool",
        retrainingPriority: "high",
        correction: {
          decision: "nurture",
          fields: { status: "nurture", owner: null },
          actions: [{ tool: "slack_alert_owner", input: { owner: "maria.chen", message: "look" } }],
        },
        note: "should have nurtured",
      },
    });
    expect(readReviewForm({ outcome: "approved" })).toEqual({ ok: true, input: { outcome: "approved" } });
  });

  it("locates an action input that is not JSON, and an input without its tool", () => {
    const read = readReviewForm({
      outcome: "edited",
      "action.0.tool": "send_email",
      "action.0.input": "{to: x}",
      "action.1.input": "{}",
    });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.issues.map((issue) => issue.path)).toEqual([
      "correction.actions[0].input",
      "correction.actions[1].tool",
    ]);
  });

  it("reads a field as JSON when it is JSON, else as the text given, as the CLI's --field does", () => {
    expect([fieldValue("3"), fieldValue("null"), fieldValue('"x"'), fieldValue("maria.chen")]).toEqual([
      3,
      null,
      "x",
      "maria.chen",
    ]);
  });
});

describe("the review form through recordReview", () => {
  it("shows each problem of the correction at its field, as checkCorrection locates it, and records nothing", async () => {
    const store = openMemoryStore();
    const audit = createAuditLog({ store });
    await store.runs.create({
      id: "run-1",
      charter: charter.name,
      charterVersion: charter.version,
      status: "completed",
      autonomy: "draft",
      agent: "function:test",
      input: {},
      outcome: { type: "decision", decision: { decision: "ignore", confidence: 0.9 }, draft: false },
      checkpoint: null,
    });
    const read = readReviewForm({
      outcome: "edited",
      decision: "route",
      "field.status": "hot",
      "action.0.tool": "crm_merge_accounts",
    });
    if (!read.ok) throw new Error("expected the form to read");
    const refused = await recordReview({
      store,
      audit,
      charter,
      registry,
      runId: "run-1",
      reviewer: "ana",
      ...read.input,
      correctionSource: "review form",
    }).catch((error: Error & { issues?: never }) => error);
    expect(refused).toBeInstanceOf(Error);
    const issues = formIssues(refused as Error);
    expect(issues.map((issue) => issue.path)).toEqual([
      "correction.decision",
      "correction.fields.status",
      "correction.actions[0].tool",
    ]);
    expect(issues[2]?.message).toContain("is forbidden by charter lead-routing");
    expect(await store.reviews.list()).toEqual([]);

    const badTerm = await recordReview({
      store,
      audit,
      charter,
      registry,
      runId: "run-1",
      reviewer: "ana",
      outcome: "fine" as never,
    }).catch((error: Error) => error);
    expect(formIssues(badTerm as Error)).toEqual([
      { path: "outcome", message: 'outcome "fine" is not one of approved, edited, rejected, escalated' },
    ]);
  });
});
