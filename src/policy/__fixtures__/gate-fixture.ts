import { z } from "zod";
import { defineCharter } from "../../charter/define-charter.js";
import { defineTool } from "../../contract/tool-card.js";
import { createToolRegistry } from "../../contract/tool-registry.js";
import type { PolicyContext } from "../policy-rule.js";

/** A small CRM workflow used by the gate's tests: one read, one draft, two actions (one external), one forbidden. */
export const lookup = defineTool({
  name: "lookup",
  purpose: "Read an account.",
  effect: "read",
  input: z.object({ domain: z.string().min(3) }),
  output: z.object({ owner: z.string() }),
  safeUse: ["Before deciding."],
  unsafeUse: ["Never with personal domains."],
  idempotent: true,
  execute: () => ({ owner: "ana" }),
});

export const draftReply = defineTool({
  name: "draft_reply",
  purpose: "Draft a reply.",
  effect: "draft",
  input: z.object({ body: z.string() }),
  output: z.object({ id: z.string() }),
  safeUse: ["To prepare a reply."],
  unsafeUse: ["To promise prices."],
  idempotent: false,
  execute: () => ({ id: "d1" }),
});

export const updateLead = defineTool({
  name: "update_lead",
  purpose: "Update a lead.",
  effect: "action",
  input: z.object({
    leadId: z.string(),
    status: z.string(),
    owner: z.string().optional(),
    amount: z.number().optional(),
  }),
  output: z.object({ ok: z.boolean() }),
  safeUse: ["To record a decision."],
  unsafeUse: ["To reassign accounts."],
  idempotent: true,
  protectedFields: ["owner"],
  execute: () => ({ ok: true }),
});

export const sendEmail = defineTool({
  name: "send_email",
  purpose: "Send an email.",
  effect: "action",
  external: true,
  input: z.object({ to: z.string().email(), body: z.string() }),
  output: z.object({ id: z.string() }),
  safeUse: ["After approval."],
  unsafeUse: ["To unsubscribed contacts."],
  idempotent: false,
  execute: () => ({ id: "m1" }),
});

export const deleteAccount = defineTool({
  name: "delete_account",
  purpose: "Delete an account.",
  effect: "action",
  input: z.object({ id: z.string() }),
  output: z.object({ ok: z.boolean() }),
  safeUse: ["By admins only."],
  unsafeUse: ["By agents."],
  idempotent: true,
  execute: () => ({ ok: true }),
});

export const unlisted = defineTool({
  name: "unlisted",
  purpose: "A tool no charter lists.",
  effect: "read",
  input: z.object({}),
  output: z.object({}),
  safeUse: ["Never."],
  unsafeUse: ["Always."],
  idempotent: true,
  execute: () => ({}),
});

export const registry = createToolRegistry([
  lookup,
  draftReply,
  updateLead,
  sendEmail,
  deleteAccount,
  unlisted,
]);

export const charter = defineCharter(
  {
    name: "gate-test",
    version: 1,
    trigger: { event: "test" },
    input: { type: "object", properties: { leadId: { type: "string" } } },
    decision: { options: ["accept", "reject"] },
    tools: { allowed: ["lookup", "draft_reply", "update_lead", "send_email"], forbidden: ["delete_account"] },
    autonomy: "autonomous",
    instructions: "Test charter.",
    limits: { maxToolCalls: 3, maxSteps: 5 },
    policies: [
      {
        name: "big-amount",
        tool: "update_lead",
        when: { field: "amount", gt: 1000 },
        verdict: "require-approval",
        reason: "Amounts over 1000 need a manager.",
      },
      {
        name: "no-test-leads",
        tool: "update_lead",
        when: { field: "leadId", matches: "^test-" },
        verdict: "deny",
        reason: "Test leads are never updated.",
      },
      { name: "one-email", tool: "send_email", maxCalls: 1 },
    ],
  },
  { registry },
);

/** A context for `toolName` with the given overrides. */
export function contextFor(toolName: string, overrides: Partial<PolicyContext> = {}): PolicyContext {
  return {
    charter,
    tool: registry.get(toolName),
    autonomy: "autonomous",
    callCount: 0,
    callCountByTool: {},
    ...overrides,
  };
}
