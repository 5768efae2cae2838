import { defineSuite } from "reins";
import {
  applied,
  type EvalCase,
  type Expectation,
  jsonEnvironment,
  notApplicable,
  type OracleStep,
  type Perturbation,
  type PerturbationResult,
} from "reins/eval";
import { agent } from "./agent.js";
import { type Account, baseWorld, daysBetween, type LeadWorld, normalize, staleAfterDays } from "./world.js";

const environment = jsonEnvironment({ base: baseWorld, normalize });

/** Tools that change something or reach someone: none may run when the right answer is to stop or do nothing. */
const actingTools = ["crm_update_lead", "compose_email", "slack_alert_owner", "send_email"];
/** Reps who own no account in the base world: owners for planted duplicates. */
const spareReps = [
  "oliver.grant",
  "nina.petrova",
  "carlos.mendes",
  "ava.thompson",
  "hannah.berg",
  "wei.zhang",
];

type Step = Extract<OracleStep, { tool: string }>;
type Fixture = Partial<LeadWorld> & Record<string, unknown>;

/** Why a world-specific perturbation skips a case, shared by the three (the report groups cases by reason). */
const skip = {
  noLookup: notApplicable("the case's oracle never looks up the CRM account"),
  faults: notApplicable("the case already injects faults"),
  routed: notApplicable("the lead was already routed"),
} satisfies Record<string, PerturbationResult>;

function lookupStep(base: EvalCase): Step | undefined {
  return base.oracle?.find((s): s is Step => "tool" in s && s.tool === "crm_lookup_account");
}

/** The case's world as its run will see it (the fixture merged over the base world). */
function worldOf(base: EvalCase): LeadWorld {
  return environment.create(base.world);
}

function matchingAccounts(world: LeadWorld, domain: string): [string, Account][] {
  return Object.entries(world.accounts).filter(([, a]) => a.domain.toLowerCase() === domain);
}

/** Lead id and email of the case's input. */
function leadOf(base: EvalCase): { leadId: string; email: string } | undefined {
  const input = base.input as { leadId?: unknown; form?: { email?: unknown } };
  return typeof input.leadId === "string" && typeof input.form?.email === "string"
    ? { leadId: input.leadId, email: input.form.email }
    : undefined;
}

/** The case already expects "do nothing": a lead record with a decision exists for it. */
function alreadyHandled(base: EvalCase, world: LeadWorld): boolean {
  const lead = leadOf(base);
  return Object.entries(world.leads).some(
    ([id, l]) =>
      l.decision !== null && (id === lead?.leadId || (lead !== undefined && l.email === lead.email)),
  );
}

/** Does the base case's decision or escalation come from the size rules (prospects without a deal in flight)? */
function sizeDecides(account: Account): boolean {
  return !account.openOpportunity && ["prospect", "former_customer", "partner"].includes(account.stage);
}

function stopped(
  base: EvalCase,
  required: string[],
): Pick<Expectation, "fields" | "tools" | "world" | "noAction"> {
  return {
    fields: {},
    tools: {
      required,
      ordered: false,
      forbidden: [...new Set([...base.expect.tools.forbidden, ...actingTools])],
    },
    world: "none",
    noAction: true,
  };
}

/**
 * `duplicate-record`: the CRM gains another account for the lead's domain, owned by a different rep (two, when the
 * existing one is unowned, so that two owners contest it). The charter settles conflicts before anything else but
 * an already-routed lead: escalate ownership_conflict, act on nothing. Not applicable without a CRM lookup, to a
 * competitor's account, to a lead already routed, or to a case that already conflicts.
 */
const duplicateRecord: Perturbation = (base) => {
  const lookup = lookupStep(base);
  if (!lookup) return skip.noLookup;
  if (base.faults.length > 0) return skip.faults;
  const expected = base.expect.outcome ?? (base.expect.decision !== undefined ? "decision" : "escalation");
  if (expected !== "decision" && base.expect.escalation?.reason !== "company_size_unknown") {
    return notApplicable("the case ends in neither a decision nor a company_size_unknown escalation");
  }
  const world = worldOf(base);
  if (alreadyHandled(base, world)) return skip.routed;
  const domain = String((lookup.input as { domain: string }).domain).toLowerCase();
  const matches = matchingAccounts(world, domain);
  if (matches.some(([, a]) => a.stage === "competitor")) return notApplicable("the domain is a competitor's");
  const owners = new Set(matches.map(([, a]) => a.owner).filter((o) => o !== null));
  const fixture = structuredClone((base.world ?? {}) as Fixture);
  const accounts = { ...fixture.accounts };
  const template = matches[0]?.[1];
  const slug = domain.replace(/[^a-z0-9]+/g, "_");
  const added: string[] = [];
  for (const rep of spareReps) {
    if (owners.size >= 2) break;
    if (owners.has(rep)) continue;
    const id = `acc_${slug}_dup${added.length + 1}`;
    accounts[id] = {
      name: template ? `${template.name.toUpperCase()} (imported)` : domain,
      domain,
      stage: "prospect",
      owner: rep,
      employees: null,
      country: template?.country ?? null,
      verifiedAt: "2023-09-14",
      notes: "Created by the 2023 trade-show list import.",
    };
    owners.add(rep);
    added.push(`${id} (${rep})`);
  }
  return applied(
    {
      ...base,
      world: { ...fixture, accounts },
      expect: {
        outcome: "escalation",
        escalation: { reason: "ownership_conflict" },
        ...stopped(base, ["crm_lookup_account"]),
        recovery: ["escalate"],
      },
      oracle: [lookup, { conclude: { escalate: "ownership_conflict" } }],
      notes: `Planted duplicate account(s) for ${domain}: ${added.join(", ")}. Two owners contest the company: escalate with both records; update, draft and alert nothing.`,
    },
    `planted duplicate account(s) for ${domain}: ${added.join(", ")}`,
  );
};

/**
 * `stale-record`: the lead's only CRM account was last verified years ago, so its size cannot be trusted: the run
 * must re-verify it with enrich_company (which, here, confirms it) before deciding; the decision and the world's
 * changes stay those of the base case. Applies where the size decides: a prospect-like account with a fresh size,
 * no deal in flight, and a base case that decides without enriching.
 */
const staleRecord: Perturbation = (base) => {
  const lookup = lookupStep(base);
  if (!lookup || !base.oracle) return skip.noLookup;
  if (base.faults.length > 0) return skip.faults;
  if (!["route_to_sales", "nurture"].includes(base.expect.decision ?? "")) {
    return notApplicable("the case decides neither route_to_sales nor nurture");
  }
  if (base.oracle.some((s) => "tool" in s && s.tool === "enrich_company")) {
    return notApplicable("the case enriches the company already");
  }
  const world = worldOf(base);
  if (alreadyHandled(base, world)) return skip.routed;
  const domain = String((lookup.input as { domain: string }).domain).toLowerCase();
  const matches = matchingAccounts(world, domain);
  const only = matches.length === 1 ? matches[0] : undefined;
  if (!only) return notApplicable("the domain does not match exactly one CRM account");
  const [id, account] = only;
  if (account.employees === null || !sizeDecides(account)) {
    return notApplicable(
      "the account's size does not decide the case (unknown, a customer, or a deal in flight)",
    );
  }
  if (daysBetween(account.verifiedAt, world.today) > staleAfterDays) {
    return notApplicable("the account's record is stale already");
  }
  const fixture = structuredClone((base.world ?? {}) as Fixture);
  const verifiedAt = "2022-04-11";
  const enrichment = {
    ...fixture.enrichment,
    [domain]: {
      name: account.name,
      employees: account.employees,
      industry: world.enrichment[domain]?.industry ?? "Unknown",
      country: account.country,
    },
  };
  const at = base.oracle.indexOf(lookup) + 1;
  const oracle = [
    ...base.oracle.slice(0, at),
    { tool: "enrich_company", input: { domain } },
    ...base.oracle.slice(at),
  ];
  const required = [...base.expect.tools.required];
  const after = required.indexOf("crm_lookup_account");
  required.splice(after + 1, 0, "enrich_company");
  return applied(
    {
      ...base,
      world: { ...fixture, accounts: { ...fixture.accounts, [id]: { ...account, verifiedAt } }, enrichment },
      expect: { ...base.expect, tools: { ...base.expect.tools, required } },
      oracle,
      notes:
        `${id} was last verified on ${verifiedAt}: its size is stale, so enrich_company must confirm it (${account.employees} employees) before the decision. ${base.notes}`.trim(),
    },
    `made ${id} stale (verified ${verifiedAt}); enrichment confirms ${account.employees} employees`,
  );
};

/**
 * `do-nothing`: the same form submission was already routed (the webhook fired twice): the CRM holds this lead id
 * with the base case's decision. The right answer is to do nothing: decide ignore with the status and owner already
 * recorded, and change nothing. Applies to cases that look the lead up and end in a decision.
 */
const doNothing: Perturbation = (base) => {
  const lookup = lookupStep(base);
  const lead = leadOf(base);
  if (!lookup) return skip.noLookup;
  if (!lead) return notApplicable("the input has no lead id and email");
  if (base.expect.decision === undefined) return notApplicable("the case does not end in a decision");
  if (base.faults.length > 0) return skip.faults;
  const world = worldOf(base);
  if (alreadyHandled(base, world)) return skip.routed;
  const domain = String((lookup.input as { domain: string }).domain).toLowerCase();
  const status = base.expect.fields.status ?? null;
  const owner = base.expect.fields.owner ?? null;
  const fixture = structuredClone((base.world ?? {}) as Fixture);
  const leads = {
    ...fixture.leads,
    [lead.leadId]: {
      email: lead.email,
      domain,
      receivedAt: "2025-06-01",
      decision: base.expect.decision,
      status,
      owner,
      note: "Routed when the form submission was first delivered.",
    },
  };
  return applied(
    {
      ...base,
      world: { ...fixture, leads } as unknown,
      expect: {
        decision: "ignore",
        ...stopped(base, ["crm_lookup_account"]),
        fields: { status, owner },
        recovery: [],
      },
      oracle: [lookup, { conclude: { decision: "ignore", confidence: 1, status, owner } }],
      notes: `The CRM already holds ${lead.leadId} as ${base.expect.decision} (${String(status)}, ${String(owner)}): a duplicate delivery. Do nothing and report the existing routing.`,
    },
    `the CRM already holds ${lead.leadId} as routed (${base.expect.decision})`,
  );
};

export const suite = defineSuite({
  name: "lead-routing",
  environment,
  taskClass: "system-update",
  thresholds: { toolCorrectness: 0.95, dataAccuracy: 0.99, recovery: 0.95 },
  textField: "form.message",
  baseline: agent,
  approvals: "reject",
  perturbations: {
    "duplicate-record": duplicateRecord,
    "stale-record": staleRecord,
    "do-nothing": doNothing,
  },
});
