import { type AgentConclusion, type AgentContext, functionAgent, type ToolCallResult } from "reins";

/**
 * The baseline: the charter's rules written as code, the way an engineer would write them from the charter alone.
 * It reads the input and tool results, never the labels. Its judgement of free text is a handful of English
 * keyword lists, so it is expected to miss what keywords cannot see (other languages, irony, context).
 */

interface LeadInput {
  leadId: string;
  receivedAt: string;
  form: {
    name: string;
    email: string;
    phone?: string;
    title?: string;
    company?: string;
    website?: string;
    employees?: number | null;
    country?: string;
    message: string;
  };
  domain: string;
  source: string;
  activity?: string[];
  existingOwner?: string | null;
}

interface AccountView {
  id: string;
  name: string;
  stage: "prospect" | "customer" | "former_customer" | "partner" | "competitor";
  owner: string | null;
  employees: number | null;
  country: string | null;
  stale: boolean;
  openOpportunity: { id: string; owner: string } | null;
}

interface Lookup {
  account: AccountView | null;
  duplicates: AccountView[];
  conflict: "none" | "duplicate_same_owner" | "different_owners";
  contact: { email: string; unsubscribed: boolean } | null;
  recentLeads: {
    leadId: string;
    email: string | null;
    decision: string | null;
    status: string | null;
    owner: string | null;
  }[];
}

const personalDomains = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "qq.com",
  "163.com",
  "mail.ru",
  "yandex.ru",
]);
const disposableDomains = new Set([
  "mailinator.com",
  "yopmail.com",
  "guerrillamail.com",
  "10minutemail.com",
  "trashmail.com",
]);
const competitors = ["pipewise", "leadflow", "routely", "funnelcraft"];

const student =
  /\b(student|thesis|dissertation|coursework|homework|class project|school project|university project|my professor|bachelor|master'?s project|mba program)\b/i;
const jobSeeker =
  /\b(looking for a job|job opening|open position|internship|my resume|my cv|apply for|job application|career opportunit)/i;
const vendor =
  /\b(we offer|our agency|our services|seo services|backlinks|lead generation services|outsourcing|guest post|white[- ]label|we can help you|partnership opportunity|recruit(ing|ment) agency)\b/i;
const spam = /\b(asdf|qwerty|lorem ipsum|test test|viagra|casino|bitcoin|crypto giveaway)\b/i;
const noCompany =
  /^\s*(|-|n\/?a|none|self|personal|private|freelance|freelancer|self[- ]employed|individual)\s*$/i;
const support =
  /\b(support|bug|error|can'?t log ?in|cannot log ?in|login|password|invoice|billing|outage|is down|broken|not working|ticket|how do i)\b/i;
const buyingMore =
  /\b(more seats|additional seats|extra seats|more licen[cs]es|additional licen[cs]es|expand|expansion|another team|new team|other teams|roll ?out|upgrade|add-on|second (team|region|business unit)|new (region|business unit|division))\b/i;
const noProject =
  /\b(just curious|just browsing|just looking|collecting information|gathering information|no budget|no timeline|no immediate|not planning|for future reference|out of curiosity)\b/i;

const americas = ["US", "CA", "MX", "BR", "AR", "CL", "CO", "PE", "UY", "CR", "PA", "DO", "EC", "GT"];
const apac = ["JP", "CN", "KR", "IN", "SG", "AU", "NZ", "HK", "TW", "ID", "MY", "TH", "VN", "PH"];
const countryNames: Record<string, string> = {
  usa: "US",
  "united states": "US",
  canada: "CA",
  mexico: "MX",
  brazil: "BR",
  brasil: "BR",
  germany: "DE",
  deutschland: "DE",
  france: "FR",
  uk: "GB",
  "united kingdom": "GB",
  spain: "ES",
  españa: "ES",
  italy: "IT",
  netherlands: "NL",
  japan: "JP",
  india: "IN",
  australia: "AU",
  singapore: "SG",
};

function countryCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return trimmed.toUpperCase();
  return countryNames[trimmed.toLowerCase()] ?? null;
}

function team(employees: number, country: string | null): "enterprise" | "amer" | "emea" | "apac" {
  if (employees >= 1000) return "enterprise";
  if (country !== null && americas.includes(country)) return "amer";
  if (country !== null && apac.includes(country)) return "apac";
  return "emea";
}

const ok = <T>(result: ToolCallResult): T | undefined =>
  result.status === "ok" ? (result.output as T) : undefined;

export const agent = functionAgent("lead-routing-baseline", async (context: AgentContext) => {
  const lead = context.input as LeadInput;
  const { form } = lead;
  const domain = lead.domain.toLowerCase();
  const text = `${form.title ?? ""} ${form.message}`;
  const company = form.company ?? "";
  const isCompetitorName = competitors.some((c) => company.toLowerCase().includes(c));
  const isJunk =
    student.test(text) || jobSeeker.test(text) || vendor.test(text) || spam.test(`${form.name} ${text}`);

  const record = async (
    decision: "nurture" | "enrich" | "ignore",
    status: "nurture" | "needs_review" | "disqualified",
    accountId: string | null,
    note: string,
  ): Promise<AgentConclusion> => {
    await context.call(
      "crm_update_lead",
      { leadId: lead.leadId, accountId, decision, status, owner: null, note },
      { confidence: 0.85 },
    );
    return {
      type: "decision",
      decision: { decision, status, owner: null, confidence: 0.85, rationale: note },
    };
  };

  if (disposableDomains.has(domain))
    return record("ignore", "disqualified", null, "Disposable email domain: spam.");
  if (personalDomains.has(domain)) {
    if (isJunk || noCompany.test(company)) {
      return record("ignore", "disqualified", null, "Personal email, no company or not a buyer.");
    }
    if (isCompetitorName)
      return record("ignore", "disqualified", null, `Competitor (${company}) on a personal email.`);
    return record("enrich", "needs_review", null, `Personal email; company "${company}" needs research.`);
  }

  const lookup = ok<Lookup>(await context.call("crm_lookup_account", { domain, email: form.email }));
  if (!lookup)
    return { type: "escalation", reason: "tool_failure", evidence: "crm_lookup_account gave no result" };
  const prior = lookup.recentLeads.find(
    (l) => (l.leadId === lead.leadId || l.email === form.email) && l.decision !== null,
  );
  if (prior) {
    return {
      type: "decision",
      decision: {
        decision: "ignore",
        status: prior.status,
        owner: prior.owner,
        confidence: 0.9,
        rationale: `Already routed as ${prior.leadId}; nothing to do.`,
      },
    };
  }
  if (lookup.conflict === "different_owners") {
    return {
      type: "escalation",
      reason: "ownership_conflict",
      evidence: { accounts: [lookup.account, ...lookup.duplicates] },
      recommendation: "Settle which account owns the company, then route the lead to its owner.",
    };
  }
  const account = lookup.account;
  const accountId = account?.id ?? null;
  if (
    account?.stage === "competitor" ||
    isCompetitorName ||
    competitors.some((c) => domain.startsWith(`${c}.`))
  ) {
    return record("ignore", "disqualified", accountId, "Competitor.");
  }
  if (isJunk)
    return record("ignore", "disqualified", accountId, "Not a buyer (student, job seeker, vendor or spam).");

  const route = async (owner: string | null, via: { team: string } | null, note: string) => {
    const slots = ok<{ owner: string | null; slots: string[] }>(
      await context.call("find_calendar_slots", owner === null ? via : { owner }),
    );
    const assigned = owner ?? slots?.owner ?? null;
    if (assigned === null) {
      return { type: "escalation", reason: "no_owner_available", evidence: via } satisfies AgentConclusion;
    }
    if (!lookup.contact?.unsubscribed) {
      const offered = (slots?.slots ?? []).slice(0, 2).join(" or ");
      await context.call("compose_email", {
        to: form.email,
        subject: "Your demo request",
        body: `Hi ${form.name.split(" ")[0]},\n\nThanks for your request. Could we meet ${offered || "this week"}?\n\nBest regards`,
        leadId: lead.leadId,
      });
    }
    await context.call(
      "crm_update_lead",
      {
        leadId: lead.leadId,
        accountId,
        decision: "route_to_sales",
        status: "qualified",
        owner: assigned,
        note,
      },
      { confidence: 0.9 },
    );
    const unsubscribed = lookup.contact?.unsubscribed
      ? " The contact is unsubscribed: reply personally."
      : "";
    await context.call(
      "slack_alert_owner",
      {
        owner: assigned,
        leadId: lead.leadId,
        message: `New demo request from ${form.name} (${domain}). ${note}${unsubscribed}`,
      },
      { confidence: 0.9 },
    );
    return {
      type: "decision",
      decision: {
        decision: "route_to_sales",
        status: "qualified",
        owner: assigned,
        confidence: 0.9,
        rationale: note,
      },
    } satisfies AgentConclusion;
  };

  if (account?.stage === "customer" && !account.openOpportunity) {
    if (support.test(form.message) && !buyingMore.test(form.message)) {
      await context.call(
        "crm_update_lead",
        {
          leadId: lead.leadId,
          accountId,
          decision: "ignore",
          status: "disqualified",
          owner: null,
          note: "Support request from a customer.",
        },
        { confidence: 0.85 },
      );
      if (account.owner !== null) {
        await context.call(
          "slack_alert_owner",
          {
            owner: account.owner,
            leadId: lead.leadId,
            message: `${form.name} at ${account.name} used the demo form for a support problem.`,
          },
          { confidence: 0.85 },
        );
      }
      return {
        type: "decision",
        decision: { decision: "ignore", status: "disqualified", owner: null, confidence: 0.85 },
      };
    }
    if (account.owner !== null)
      return route(account.owner, null, "Existing customer: goes to the account owner.");
  }
  if (account?.openOpportunity)
    return route(account.openOpportunity.owner, null, "Open opportunity in flight.");

  let employees: number | null = null;
  let country: string | null = null;
  if (account && !account.stale && account.employees !== null) {
    employees = account.employees;
    country = account.country;
  } else {
    const enriched = ok<{ found: boolean; employees: number | null; country: string | null }>(
      await context.call("enrich_company", { domain }),
    );
    if (enriched?.found && enriched.employees !== null) employees = enriched.employees;
    country = (account && !account.stale ? account.country : null) ?? enriched?.country ?? null;
  }
  employees ??= form.employees ?? null;
  country ??= countryCode(form.country);
  if (employees === null) {
    return {
      type: "escalation",
      reason: "company_size_unknown",
      evidence: { domain, crm: account, form: form.employees ?? null },
      recommendation: "Find the company's size, then route it.",
    };
  }
  if (employees < 50) return record("nurture", "nurture", accountId, `${employees} employees: under 50.`);
  if (noProject.test(form.message)) return record("nurture", "nurture", accountId, "No project yet.");

  if (account?.owner) return route(account.owner, null, "Account owner.");
  const colleague = lookup.recentLeads.find((l) => l.decision === "route_to_sales" && l.owner !== null);
  if (colleague?.owner)
    return route(colleague.owner, null, `A colleague's lead ${colleague.leadId} went to them.`);
  return route(null, { team: team(employees, country) }, `${employees} employees; round-robin.`);
});
