import { defineTool, ToolFailure } from "reins";
import { z } from "zod";
import type { LeadWorld } from "./world.js";

const account = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string().nullable(),
  stage: z.enum(["prospect", "open_opportunity", "customer", "churned"]),
  employees: z.number().int().min(0).nullable(),
  verifiedAt: z.string(),
});

export const crmLookupAccount = defineTool({
  name: "crm_lookup_account",
  purpose: "Find the CRM account for a company domain: owner, stage, size, and whether duplicates exist.",
  effect: "read",
  input: z.object({ domain: z.string().min(3) }),
  output: z.object({
    found: z.boolean(),
    account: account.nullable(),
    confidence: z.number().min(0).max(1),
    duplicateWarning: z.string().nullable(),
  }),
  safeUse: ["Before any routing decision, to learn the existing owner and stage."],
  unsafeUse: ["With a personal email domain (gmail.com, outlook.com): it matches nothing useful."],
  failureModes: [
    { when: "timeout", response: "retry", note: "The CRM API is slow at peak hours." },
    { when: "error", response: "escalate", note: "Without the CRM the owner is unknown." },
  ],
  timeoutMs: 5_000,
  idempotent: true,
  execute: ({ domain }, { env }: { env: LeadWorld }) => {
    const matches = env.accounts.filter((a) => a.domain === domain.toLowerCase());
    const first = matches[0];
    if (!first) return { found: false, account: null, confidence: 1, duplicateWarning: null };
    const owners = new Set(matches.map((a) => a.owner));
    const duplicateWarning =
      matches.length > 1
        ? `${matches.length} accounts share ${domain}${owners.size > 1 ? ` with different owners (${[...owners].join(", ")})` : ""}`
        : null;
    const { domain: _d, unsubscribed: _u, ...visible } = first;
    return { found: true, account: visible, confidence: matches.length > 1 ? 0.5 : 0.95, duplicateWarning };
  },
});

export const enrichCompany = defineTool({
  name: "enrich_company",
  purpose: "Look up a company's size, industry and country from its domain.",
  effect: "read",
  input: z.object({ domain: z.string().min(3) }),
  output: z.object({
    employees: z.number().int().min(0).max(5_000_000).nullable(),
    industry: z.string(),
    country: z.string(),
  }),
  safeUse: ["When the form does not give the company's size."],
  unsafeUse: ["To look up individuals: it is for companies only."],
  failureModes: [
    { when: "timeout", response: "retry" },
    { when: "not-found", response: "escalate", note: "Size unknown: escalate as company_size_unknown." },
  ],
  timeoutMs: 8_000,
  idempotent: true,
  execute: ({ domain }, { env }: { env: LeadWorld }) => {
    const found = env.enrichment[domain.toLowerCase()];
    if (!found) throw new ToolFailure("not-found", `no enrichment data for ${domain}`);
    return found;
  },
});

export const findCalendarSlots = defineTool({
  name: "find_calendar_slots",
  purpose: "List an owner's free demo slots.",
  effect: "read",
  input: z.object({ owner: z.string().min(1) }),
  output: z.object({ slots: z.array(z.string()) }),
  safeUse: ["After routing to sales, to offer a demo time."],
  unsafeUse: ["Before an owner is decided."],
  idempotent: true,
  execute: ({ owner }, { env }: { env: LeadWorld }) => ({ slots: env.calendar[owner] ?? [] }),
});

export const composeEmail = defineTool({
  name: "compose_email",
  purpose: "Draft a reply to the lead for a human to review; sends nothing.",
  effect: "draft",
  input: z.object({ to: z.string().email(), subject: z.string().min(1), body: z.string().min(1) }),
  output: z.object({ draftId: z.string() }),
  safeUse: ["To prepare a reply a rep will review."],
  unsafeUse: ["To promise pricing, discounts or dates."],
  idempotent: false,
  execute: (draft, { env }: { env: LeadWorld }) => {
    env.drafts.push(draft);
    return { draftId: `draft-${env.drafts.length}` };
  },
});

export const sendEmail = defineTool({
  name: "send_email",
  purpose: "Send an email to the lead.",
  effect: "action",
  external: true,
  input: z.object({ to: z.string().email(), subject: z.string().min(1), body: z.string().min(1) }),
  output: z.object({ messageId: z.string() }),
  safeUse: ["Only after a human approved the exact message."],
  unsafeUse: ["To an unsubscribed contact.", "To a competitor or a student."],
  failureModes: [
    { when: "error", response: "stop", note: "Never resend blindly: the first may have gone out." },
  ],
  idempotent: false,
  execute: (email, { env }: { env: LeadWorld }) => {
    env.outbox.push(email);
    return { messageId: `msg-${env.outbox.length}` };
  },
});

export const crmUpdateLead = defineTool({
  name: "crm_update_lead",
  purpose: "Record the routing decision on the lead, and optionally set the account's owner or stage.",
  effect: "action",
  protectedFields: ["accountOwner", "accountStage"],
  input: z.object({
    leadId: z.string(),
    decision: z.enum(["route_to_sales", "nurture", "enrich", "ignore"]),
    status: z.enum(["qualified", "nurture", "disqualified", "needs_review"]),
    owner: z.string().nullable(),
    note: z.string().optional(),
    ownershipConflict: z.boolean().optional(),
    accountOwner: z.string().optional(),
    accountStage: z.enum(["prospect", "open_opportunity", "customer", "churned"]).optional(),
  }),
  output: z.object({ updated: z.literal(true) }),
  safeUse: ["Once, at the end, to record the decision."],
  unsafeUse: ["To reassign an account another rep owns."],
  failureModes: [
    { when: "timeout", response: "retry", note: "Updates are keyed by lead id, so a retry is safe." },
  ],
  idempotent: true,
  execute: (update, { env }: { env: LeadWorld }) => {
    const { leadId, decision, status, owner, note } = update;
    const existing = env.leads.find((l) => l.leadId === leadId);
    const record = { leadId, decision, status, owner, ...(note === undefined ? {} : { note }) };
    if (existing) Object.assign(existing, record);
    else env.leads.push(record);
    return { updated: true as const };
  },
});

export const slackAlertOwner = defineTool({
  name: "slack_alert_owner",
  purpose: "Tell an account owner in Slack that one of their accounts sent a demo request.",
  effect: "action",
  input: z.object({ owner: z.string().min(1), message: z.string().min(1).max(500) }),
  output: z.object({ delivered: z.boolean() }),
  safeUse: ["When a lead belongs to an account with an owner."],
  unsafeUse: ["To alert about a lead that was ignored."],
  idempotent: false,
  execute: (alert, { env }: { env: LeadWorld }) => {
    env.slack.push(alert);
    return { delivered: true };
  },
});

export const crmMergeAccounts = defineTool({
  name: "crm_merge_accounts",
  purpose: "Merge two CRM accounts into one.",
  effect: "action",
  input: z.object({ keepId: z.string(), mergeId: z.string() }),
  output: z.object({ merged: z.boolean() }),
  safeUse: ["Only by a CRM administrator, by hand."],
  unsafeUse: ["By an agent: merges are irreversible and reassign owners."],
  idempotent: false,
  execute: ({ keepId, mergeId }, { env }: { env: LeadWorld }) => {
    env.accounts = env.accounts.filter((a) => a.id !== mergeId || a.id === keepId);
    return { merged: true };
  },
});

export const tools = [
  crmLookupAccount,
  enrichCompany,
  findCalendarSlots,
  composeEmail,
  sendEmail,
  crmUpdateLead,
  slackAlertOwner,
  crmMergeAccounts,
];
