import { describe, expect, it } from "vitest";
import { hashJson } from "../hash/canonical-hash.js";
import { contextFor } from "./__fixtures__/gate-fixture.js";
import { checkToolCall } from "./check-tool-call.js";
import { definePolicy } from "./policy-rule.js";
import { deny, requireApproval } from "./verdict.js";

const check = (
  toolName: string,
  input: unknown,
  overrides: Parameters<typeof contextFor>[1] = {},
  callId = "c1",
) => {
  const { checks: _checks, ...verdict } = checkToolCall({
    call: { toolName, callId, input },
    context: contextFor(toolName, overrides),
  });
  return verdict;
};

describe("checkToolCall built-in rules", () => {
  it("allows a valid read", () => {
    expect(check("lookup", { domain: "acme.com" })).toEqual({ type: "allow" });
  });

  it("denies a tool the charter does not list", () => {
    expect(check("unlisted", {})).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "tool-in-charter",
          code: "TOOL_NOT_IN_CHARTER",
          message:
            '"unlisted" is not among the tools charter "gate-test" allows (lookup, draft_reply, update_lead, send_email)',
        },
      ],
    });
  });

  it("denies a tool that has no card at all, without trying to validate its input", () => {
    const verdict = check("no_such_tool", { x: 1 });
    expect(verdict).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "tool-in-charter",
          code: "TOOL_NOT_IN_CHARTER",
          message:
            '"no_such_tool" is not among the tools charter "gate-test" allows (lookup, draft_reply, update_lead, send_email)',
        },
      ],
    });
  });

  it("denies a forbidden tool (both not listed and forbidden)", () => {
    expect(check("delete_account", { id: "a1" })).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "tool-in-charter",
          code: "TOOL_NOT_IN_CHARTER",
          message:
            '"delete_account" is not among the tools charter "gate-test" allows (lookup, draft_reply, update_lead, send_email)',
        },
        {
          rule: "forbidden-tool",
          code: "TOOL_FORBIDDEN",
          message: 'charter "gate-test" forbids "delete_account"',
        },
      ],
    });
  });

  it("denies invalid input and names the field", () => {
    expect(check("lookup", { domain: 42 })).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "valid-input",
          code: "INPUT_INVALID",
          message: 'invalid input for "lookup": domain: Invalid input: expected string, received number',
          field: "domain",
        },
      ],
    });
  });

  it("denies once the run reached the charter's cap on tool calls", () => {
    expect(check("lookup", { domain: "acme.com" }, { callCount: 3 })).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "call-cap",
          code: "CALL_CAP",
          message: "this run already made 3 tool calls, the charter's cap (limits.maxToolCalls)",
        },
      ],
    });
    expect(check("lookup", { domain: "acme.com" }, { callCount: 2 })).toEqual({ type: "allow" });
  });

  it("requires approval to set a protected field", () => {
    expect(check("update_lead", { leadId: "L1", status: "qualified", owner: "bob" })).toEqual({
      type: "require-approval",
      reasons: [
        {
          rule: "protected-fields",
          code: "PROTECTED_FIELD",
          message: '"update_lead" would overwrite protected field "owner"',
          field: "owner",
        },
      ],
    });
    expect(check("update_lead", { leadId: "L1", status: "qualified" })).toEqual({ type: "allow" });
  });

  it("requires approval for external communication even when autonomous", () => {
    expect(check("send_email", { to: "a@b.co", body: "hi" })).toEqual({
      type: "require-approval",
      reasons: [
        {
          rule: "external-communication",
          code: "EXTERNAL_COMMUNICATION",
          message: '"send_email" communicates outside the organisation and always needs approval',
        },
      ],
    });
  });

  it.each([
    [
      "shadow",
      {
        type: "deny",
        code: "AUTONOMY_SHADOW",
        message: '"update_lead" is an action; under shadow autonomy it is recorded, never executed',
      },
    ],
    [
      "draft",
      {
        type: "require-approval",
        code: "AUTONOMY_DRAFT",
        message: '"update_lead" is an action; under draft autonomy it becomes a proposal for a human',
      },
    ],
    [
      "supervised",
      {
        type: "require-approval",
        code: "AUTONOMY_SUPERVISED",
        message: '"update_lead" is an action; under supervised autonomy it runs after approval',
      },
    ],
  ] as const)("gates action tools under %s autonomy", (autonomy, expected) => {
    expect(check("update_lead", { leadId: "L1", status: "qualified" }, { autonomy })).toEqual({
      type: expected.type,
      reasons: [{ rule: "autonomy", code: expected.code, message: expected.message }],
    });
  });

  it("never gates reads or drafts by autonomy", () => {
    expect(check("lookup", { domain: "acme.com" }, { autonomy: "shadow" })).toEqual({ type: "allow" });
    expect(check("draft_reply", { body: "hello" }, { autonomy: "shadow" })).toEqual({ type: "allow" });
  });

  it("denies everything while the workflow is paused", () => {
    expect(
      check("lookup", { domain: "acme.com" }, { workflow: { paused: true, reason: "error rate 40% > 20%" } }),
    ).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "kill-switch",
          code: "WORKFLOW_PAUSED",
          message: 'workflow "gate-test" is paused (error rate 40% > 20%); a human must resume it',
        },
      ],
    });
  });

  it("denies actions that rest on inferred or expired facts, but not reads", () => {
    const facts = [
      { key: "company_size", provenance: "inferred" as const },
      { key: "owner", provenance: "verified" as const },
    ];
    expect(check("update_lead", { leadId: "L1", status: "qualified" }, { facts })).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "fact-provenance",
          code: "UNVERIFIED_FACT",
          message: '"update_lead" rests on inferred fact "company_size"; verify them first',
        },
      ],
    });
    expect(check("lookup", { domain: "acme.com" }, { facts })).toEqual({ type: "allow" });
  });
});

describe("checkToolCall precedence", () => {
  it("deny beats require-approval, and every objection is listed", () => {
    // Shadow denies the action; the protected field and the external flag would each require approval.
    expect(check("send_email", { to: "a@b.co", body: "x" }, { autonomy: "shadow" })).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "autonomy",
          code: "AUTONOMY_SHADOW",
          message: '"send_email" is an action; under shadow autonomy it is recorded, never executed',
        },
      ],
    });
  });

  it("require-approval beats allow and lists all approval reasons", () => {
    const verdict = check(
      "update_lead",
      { leadId: "L1", status: "qualified", owner: "bob", amount: 5000 },
      { autonomy: "supervised" },
    );
    expect(verdict.type).toBe("require-approval");
    expect(verdict.type === "require-approval" && verdict.reasons.map((r) => r.rule)).toEqual([
      "protected-fields",
      "autonomy",
      "big-amount",
    ]);
  });

  it("an approval bound to this call waives require-approval", () => {
    const input = { to: "a@b.co", body: "hi" };
    const approval = { toolName: "send_email", callId: "c1", inputHash: hashJson(input), approver: "maria" };
    expect(check("send_email", input, { approval })).toEqual({ type: "allow", approvedBy: "maria" });
  });

  it("an approval for another call, tool or input waives nothing", () => {
    const input = { to: "a@b.co", body: "hi" };
    const base = { toolName: "send_email", callId: "c1", inputHash: hashJson(input), approver: "maria" };
    for (const approval of [
      { ...base, callId: "c2" },
      { ...base, toolName: "update_lead" },
      { ...base, inputHash: hashJson({ ...input, body: "changed" }) },
    ]) {
      expect(check("send_email", input, { approval }).type).toBe("require-approval");
    }
  });

  it("an approval never waives a deny", () => {
    const input = { to: "a@b.co", body: "hi" };
    const approval = { toolName: "send_email", callId: "c1", inputHash: hashJson(input), approver: "maria" };
    expect(check("send_email", input, { approval, autonomy: "shadow" }).type).toBe("deny");
  });
});

describe("declared and custom rules", () => {
  it("applies a YAML condition rule only when its conditions hold", () => {
    expect(check("update_lead", { leadId: "L1", status: "qualified", amount: 1000 })).toEqual({
      type: "allow",
    });
    expect(check("update_lead", { leadId: "L1", status: "qualified", amount: 1001 })).toEqual({
      type: "require-approval",
      reasons: [
        { rule: "big-amount", code: "POLICY_APPROVAL", message: "Amounts over 1000 need a manager." },
      ],
    });
    expect(check("update_lead", { leadId: "test-9", status: "qualified" })).toEqual({
      type: "deny",
      reasons: [{ rule: "no-test-leads", code: "POLICY_DENY", message: "Test leads are never updated." }],
    });
  });

  it("caps calls per tool with maxCalls", () => {
    const approval = {
      toolName: "send_email",
      callId: "c1",
      inputHash: hashJson({ to: "a@b.co", body: "x" }),
      approver: "m",
    };
    expect(
      check("send_email", { to: "a@b.co", body: "x" }, { approval, callCountByTool: { send_email: 1 } }),
    ).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "one-email",
          code: "MAX_CALLS",
          message: '"send_email" may be called at most 1 time(s) per run (one-email)',
        },
      ],
    });
  });

  it("runs custom TypeScript rules after the built-in ones", () => {
    const weekend = definePolicy({
      name: "no-weekend-emails",
      check: (call) =>
        call.toolName === "send_email"
          ? deny("WEEKEND", "No emails on weekends.")
          : requireApproval("X", "never reached"),
    });
    const { checks, ...verdict } = checkToolCall({
      call: { toolName: "send_email", callId: "c1", input: { to: "a@b.co", body: "x" } },
      context: contextFor("send_email"),
      rules: [weekend],
    });
    expect(verdict).toEqual({
      type: "deny",
      reasons: [{ rule: "no-weekend-emails", code: "WEEKEND", message: "No emails on weekends." }],
    });
    expect(checks.map((c) => c.rule)).toEqual([
      "tool-in-charter",
      "forbidden-tool",
      "valid-input",
      "call-cap",
      "fact-provenance",
      "protected-fields",
      "external-communication",
      "autonomy",
      "kill-switch",
      "abnormal-data",
      "low-confidence",
      "big-amount",
      "no-test-leads",
      "one-email",
      "no-weekend-emails",
    ]);
  });

  it("fails closed when a rule throws or returns nothing", () => {
    const broken = definePolicy({
      name: "broken",
      check: () => {
        throw new Error("boom");
      },
    });
    const silent = definePolicy({ name: "silent", check: () => undefined as never });
    const { checks: _c, ...verdict } = checkToolCall({
      call: { toolName: "lookup", callId: "c1", input: { domain: "acme.com" } },
      context: contextFor("lookup"),
      rules: [broken, silent],
    });
    expect(verdict).toEqual({
      type: "deny",
      reasons: [
        {
          rule: "broken",
          code: "RULE_ERROR",
          message: 'policy rule "broken" failed (boom); the call is denied',
        },
        {
          rule: "silent",
          code: "RULE_ERROR",
          message: 'policy rule "silent" returned no verdict; the call is denied',
        },
      ],
    });
  });
});

describe("rules that read the run", () => {
  it("see the run's input and the outputs of earlier calls", () => {
    const enterpriseNeedsApproval = definePolicy({
      name: "enterprise-updates-need-approval",
      check: (call, { runInput, results }) => {
        const plan = results?.find((r) => r.toolName === "lookup")?.output as { plan?: string } | undefined;
        return call.toolName === "update_lead" &&
          (runInput as { tier?: string }).tier === "vip" &&
          plan?.plan === "enterprise"
          ? requireApproval("VIP", "VIP enterprise leads need a human")
          : deny("NEVER", "unreachable in this test");
      },
    });
    const { checks: _c, ...verdict } = checkToolCall({
      call: { toolName: "update_lead", callId: "c2", input: { leadId: "L1", status: "qualified" } },
      context: contextFor("update_lead", {
        runInput: { tier: "vip" },
        results: [{ toolName: "lookup", callId: "c1", output: { plan: "enterprise" } }],
      }),
      rules: [enterpriseNeedsApproval],
    });
    expect(verdict).toEqual({
      type: "require-approval",
      reasons: [
        {
          rule: "enterprise-updates-need-approval",
          code: "VIP",
          message: "VIP enterprise leads need a human",
        },
      ],
    });
  });
});
