import { z } from "zod";
import type { RecoveryPaths } from "../../../charter/charter.js";
import { defineCharter } from "../../../charter/define-charter.js";
import { defineTool } from "../../../contract/tool-card.js";
import { createToolRegistry } from "../../../contract/tool-registry.js";
import { caseSchema, type EvalCase, type EvalCaseInput } from "../../case.js";

const ticket = z.object({ ticketId: z.string() });
const read = {
  effect: "read" as const,
  safeUse: ["Before deciding."],
  unsafeUse: ["Never."],
  idempotent: true,
};
const act = {
  effect: "action" as const,
  safeUse: ["Once decided."],
  unsafeUse: ["Before deciding."],
  idempotent: true,
};

/** Read, no retry: never chosen for `tool-timeout`. */
const fetchHistory = defineTool({
  ...read,
  name: "fetch_history",
  purpose: "Read the ticket's history.",
  input: ticket,
  output: z.object({ events: z.array(z.string()) }),
  retries: 0,
  execute: () => ({ events: ["opened"] }),
});

/** Read, one retry (the default), no fallback. */
const lookupCustomer = defineTool({
  ...read,
  name: "lookup_customer",
  purpose: "Read a customer.",
  input: z.object({ email: z.string() }),
  output: z.object({ plan: z.string() }),
  execute: () => ({ plan: "pro" }),
});

/** Read with a fallback; its hits are free text, its article ids and IBAN-like refs are not. */
const searchKb = defineTool({
  ...read,
  name: "search_kb",
  purpose: "Search the knowledge base.",
  input: z.object({ query: z.string() }),
  output: z.object({ hits: z.array(z.string().meta({ "x-reins-text": true })), ref: z.string().optional() }),
  fallback: "cached_kb",
  execute: () => ({ hits: ["refunds"] }),
});

const cachedKb = defineTool({
  ...read,
  name: "cached_kb",
  purpose: "Search yesterday's copy of the knowledge base.",
  input: z.object({ query: z.string() }),
  output: z.object({ hits: z.array(z.string()) }),
  execute: () => ({ hits: [] }),
});

/** Read whose card escalates any failure (timeouts included): no retry, whatever the charter says. */
const riskCheck = defineTool({
  ...read,
  name: "risk_check",
  purpose: "Check the account for fraud signals.",
  input: ticket,
  output: z.object({ risk: z.number() }),
  failureModes: [{ when: "error", response: "escalate", note: "never decide without the fraud check" }],
  execute: () => ({ risk: 0.1 }),
});

const updateTicket = defineTool({
  ...act,
  name: "update_ticket",
  purpose: "Set the ticket's queue.",
  input: z.object({ ticketId: z.string(), queue: z.string() }),
  output: z.object({ ok: z.boolean() }),
  execute: () => ({ ok: true }),
});

const sendReply = defineTool({
  ...act,
  name: "send_reply",
  purpose: "Email the customer.",
  external: true,
  idempotent: false,
  input: z.object({ body: z.string() }),
  output: z.object({ id: z.string() }),
  execute: () => ({ id: "m1" }),
});

const notifyPartner = defineTool({
  ...act,
  name: "notify_partner",
  purpose: "Message the reseller.",
  external: true,
  input: z.object({ body: z.string() }),
  output: z.object({ id: z.string() }),
  execute: () => ({ id: "p1" }),
});

const deleteTicket = defineTool({
  ...act,
  name: "delete_ticket",
  purpose: "Delete a ticket.",
  input: ticket,
  output: z.object({ ok: z.boolean() }),
  execute: () => ({ ok: true }),
});

/** Every tool of the ticket workflow. */
export const registry = createToolRegistry([
  fetchHistory,
  lookupCustomer,
  searchKb,
  cachedKb,
  riskCheck,
  updateTicket,
  sendReply,
  notifyPartner,
  deleteTicket,
]);

/**
 * A ticket-routing charter: `ticketId`, `body` and `customer` required; recovery as given (defaults
 * otherwise). With `markNote`, `customer.note` is declared free text (`x-reins-text`); `customer.iban` never is.
 */
export function makeCharter(recovery: Partial<RecoveryPaths> = {}, { markNote = false } = {}) {
  const note = z.string();
  return defineCharter(
    {
      name: "ticket-routing",
      version: 1,
      trigger: { event: "ticket_created" },
      input: z.object({
        ticketId: z.string(),
        body: z.string(),
        customer: z.object({
          email: z.string(),
          note: markNote ? note.meta({ "x-reins-text": true }) : note,
          iban: z.string().optional(),
        }),
        channel: z.string().default("email"),
        priority: z.number().optional(),
      }),
      decision: { options: ["route", "close"], fields: { queue: z.enum(["billing", "tech"]) } },
      tools: {
        allowed: [
          "fetch_history",
          "lookup_customer",
          "search_kb",
          "cached_kb",
          "risk_check",
          "update_ticket",
          "send_reply",
          "notify_partner",
        ],
        forbidden: ["delete_ticket"],
      },
      autonomy: "autonomous",
      instructions: "Route the ticket to the right queue.",
      recovery,
    },
    { registry },
  );
}

/** A base case: a double charge routed to billing after three reads and one update. */
export function baseCase(overrides: Partial<EvalCaseInput> = {}): EvalCase {
  return caseSchema.parse({
    id: "double-charge",
    kind: "success",
    impact: "high",
    description: "A double charge goes to billing.",
    tags: ["billing"],
    input: {
      ticketId: "T-1",
      body: "I was charged twice.",
      customer: { email: "ada@example.com", note: "VIP" },
      priority: 2,
    },
    world: { tickets: { "T-1": { queue: null } } },
    expect: {
      decision: "route",
      fields: { queue: "billing" },
      tools: {
        required: ["fetch_history", "lookup_customer", "search_kb", "update_ticket"],
        ordered: true,
        forbidden: ["send_reply"],
      },
      world: [{ path: "tickets.T-1.queue", equals: "billing" }],
    },
    oracle: [
      { tool: "fetch_history", input: { ticketId: "T-1" } },
      { tool: "lookup_customer", input: { email: "ada@example.com" } },
      { tool: "search_kb", input: { query: "charged twice" } },
      { tool: "update_ticket", input: { ticketId: "T-1", queue: "billing" } },
      { conclude: { decision: "route", queue: "billing" } },
    ],
    faults: [{ tool: "update_ticket", kind: "slow", delayMs: 5 }],
    notes: "Written by hand.",
    ...overrides,
  });
}

/** The base case's required tools with `names` in their place. */
export function requiring(base: EvalCase, names: string[]): EvalCase {
  return { ...base, expect: { ...base.expect, tools: { ...base.expect.tools, required: names } } };
}
