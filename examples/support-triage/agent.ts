import { type AgentConclusion, type AgentContext, functionAgent, type ToolCallResult } from "reins";

/**
 * The deterministic baseline: the charter's rules as a careful engineer would code them, with English keyword
 * lists standing in for judgement. It never sees the labels; its score is whatever these rules earn.
 */

type Product = "invoicing" | "payroll" | "timesheets";
type Plan = "free" | "pro" | "business" | "enterprise";
type Impact = "outage" | "blocked" | "question";
type Category = "how_to" | "bug" | "outage" | "billing" | "account_access" | "feature_request" | "other";

interface TicketInput {
  ticketId: string;
  subject: string;
  body: string;
  product: Product | "unsure";
}

interface TicketLookup {
  found: boolean;
  ticket: { status: string; product: Product | "unsure" } | null;
  otherOpenTickets: { ticketId: string; subject: string; product: string }[];
}

interface CustomerLookup {
  found: boolean;
  customer: { plan: Plan; products: Product[]; planStale: boolean } | null;
}

interface KbLookup {
  inScope: boolean;
  articles: { articleId: string; matchedKeywords: string[]; archived: boolean }[];
}

/** Charter rule 4, as a table. */
const priorityTable: Record<Impact, Record<Plan, string>> = {
  outage: { enterprise: "p1", business: "p1", pro: "p2", free: "p3" },
  blocked: { enterprise: "p2", business: "p3", pro: "p3", free: "p4" },
  question: { enterprise: "p3", business: "p4", pro: "p4", free: "p4" },
};

// Charter rule 2: the three hard escalations.
const legalThreat =
  /\b(lawyers?|solicitors?|attorneys? (will|is|are)|lawsuit|sue|suing|legal action|court|small claims|regulator|ombudsman)\b/i;
const securityIncident =
  /\b(hacked|hacker|compromised|suspicious log ?ins?|unauthori[sz]ed|leaked|api key|vulnerability|someone else (logged|is) in|another company's|not ours)\b/i;
const dataLoss =
  /\b(disappeared|vanished|got deleted|were deleted|was deleted|wiped|lost all|lost our|lost my|(is|are|was|were|all) gone)\b/i;

const productWords: Record<Product, RegExp> = {
  invoicing: /\b(invoices?|invoicing|quotes?|reminders?|vat|recurring|clients?)\b/i,
  payroll: /\b(payroll|payslips?|salary|salaries|wages?|deposits?|p60|w-2|employees?|pay run)\b/i,
  timesheets: /\b(timesheets?|clock(ed)?[- ]?(in|out)?|hours|overtime|shifts?|kiosk)\b/i,
};

const stopWords = new Set(
  "a an and are as at be but by can do does for from has have how i in is it its me my not of on or our so still that the their there this to was we were what when where why will with you your".split(
    " ",
  ),
);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}-]+/u)
    .filter((w) => w.length > 1 && !stopWords.has(w));
}

const stem = (word: string) => word.replace(/(es|s)$/, "");

/** Two subjects are about the same issue when most of the shorter one's words are in the other. */
function sameIssue(a: string, b: string): boolean {
  const x = new Set(words(a).map(stem));
  const y = new Set(words(b).map(stem));
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared >= 2 && shared / Math.min(x.size, y.size) >= 0.5;
}

function classify(text: string): { category: Category; impact: Impact } {
  const billingCharge = /\b(charged|double charge|overcharged|charged twice|never upgraded)\b/i;
  if (
    billingCharge.test(text) ||
    /\b(refund|subscription|upgrade|downgrade|cancel|seats|discount|pricing|price|contract|your invoice)\b/i.test(
      text,
    )
  ) {
    return { category: "billing", impact: billingCharge.test(text) ? "blocked" : "question" };
  }
  if (
    /\b(outage|is down|nobody|no one|everyone|all (our |of our )?(staff|employees|users|team))\b/i.test(
      text,
    ) &&
    /\b(can't|cannot|unable|fails?|failing|down|not working|spins|error)\b/i.test(text)
  ) {
    return { category: "outage", impact: "outage" };
  }
  if (/\b(feature request|could you add|please add|would love|wish)\b/i.test(text)) {
    return { category: "feature_request", impact: "question" };
  }
  if (/\b(password|log ?in|sign ?in|2fa|two-factor|locked out|sso)\b/i.test(text)) {
    return { category: "account_access", impact: "blocked" };
  }
  if (
    /\b(error|bug|broken|fails?|failing|not working|doesn't work|wrong|blank|spins|slow|greyed|empty|nothing happens)\b/i.test(
      text,
    )
  ) {
    return { category: "bug", impact: "blocked" };
  }
  if (/\b(how (do|can|to)|where (do|can|is)|is there a way|can (we|i))\b/i.test(text)) {
    return { category: "how_to", impact: "question" };
  }
  return { category: "other", impact: "question" };
}

function chooseProduct(form: TicketInput["product"], owned: Product[], text: string): Product {
  const mentioned = owned.find((p) => productWords[p].test(text));
  if (mentioned) return mentioned;
  if (form !== "unsure" && owned.includes(form)) return form;
  return owned[0] ?? "invoicing";
}

const alreadyTried =
  /\b(already (tried|followed|did)|followed your|per your (help )?article|as (your|the) article says)\b/i;

const output = <T>(result: ToolCallResult): T | undefined =>
  result.status === "ok" ? (result.output as T) : undefined;

function escalate(reason: string, evidence: unknown): AgentConclusion {
  return { type: "escalation", reason, evidence };
}

async function triage({ input, call }: AgentContext): Promise<AgentConclusion> {
  const ticket = input as TicketInput;
  const text = `${ticket.subject}\n${ticket.body}`;

  const lookedUp = await call("lookup_ticket", { ticketId: ticket.ticketId });
  const found = output<TicketLookup>(lookedUp);
  if (!found) return escalate("tool_failure", lookedUp);
  if (!found.found || !found.ticket) return escalate("ticket_not_found", { ticketId: ticket.ticketId });
  if (found.ticket.status === "solved" || found.ticket.status === "closed") {
    return {
      type: "decision",
      decision: {
        decision: "no_action",
        priority: null,
        category: null,
        articleId: null,
        duplicateOf: null,
        confidence: 0.9,
      },
    };
  }

  if (legalThreat.test(text)) return escalate("legal_threat", { ticketId: ticket.ticketId });
  if (securityIncident.test(text)) return escalate("security_incident", { ticketId: ticket.ticketId });
  if (dataLoss.test(text)) return escalate("data_loss", { ticketId: ticket.ticketId });

  const account = await call("lookup_customer", { ticketId: ticket.ticketId });
  const customer = output<CustomerLookup>(account);
  if (!customer) return escalate("tool_failure", account);
  if (!customer.found || !customer.customer)
    return escalate("unknown_customer", { ticketId: ticket.ticketId });
  if (customer.customer.planStale) return escalate("stale_plan_record", customer.customer);
  const { plan, products } = customer.customer;

  const { category, impact } = classify(text);
  const priority = priorityTable[impact][plan];
  const product = chooseProduct(ticket.product, products, text);
  const base = { ticketId: ticket.ticketId, plan, priority, category };
  const conclude = (
    decision: string,
    extra: { articleId?: string; duplicateOf?: string } = {},
  ): AgentConclusion => ({
    type: "decision",
    decision: {
      decision,
      priority,
      category,
      articleId: extra.articleId ?? null,
      duplicateOf: extra.duplicateOf ?? null,
      confidence: 0.8,
    },
  });

  const duplicate = found.otherOpenTickets.find(
    (other) =>
      (other.product === found.ticket?.product || other.product === product) &&
      sameIssue(ticket.subject, other.subject),
  );
  if (duplicate) {
    const close = plan === "enterprise" ? {} : { status: "closed" };
    await call("update_ticket", { ...base, ...close, duplicateOf: duplicate.ticketId });
    return conclude("close_duplicate", { duplicateOf: duplicate.ticketId });
  }

  if (category === "billing") {
    await call("update_ticket", { ...base, queue: "billing" });
    return conclude("route_billing");
  }

  const query = [...new Set(words(text))].join(" ");
  const kb = output<KbLookup>(await call("search_kb", { ticketId: ticket.ticketId, product, query }));
  const best = kb?.articles.find((a) => !a.archived);
  if (category !== "outage" && best && best.matchedKeywords.length >= 2 && !alreadyTried.test(text)) {
    await call("draft_reply", {
      ticketId: ticket.ticketId,
      articleId: best.articleId,
      body: `Hello, this article should help: ${best.articleId}. Let us know if anything is unclear.`,
    });
    await call("update_ticket", base);
    return conclude("answer", { articleId: best.articleId });
  }

  await call("escalate_to_tier2", {
    ticketId: ticket.ticketId,
    priority,
    summary: `${category} (${impact}) on ${product}: ${ticket.subject}`,
  });
  await call("update_ticket", base);
  return conclude("route_tier2");
}

export const agent = functionAgent("support-triage-baseline", triage);
