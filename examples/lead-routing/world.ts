/**
 * The lead-routing sandbox: a small CRM (accounts, contacts, leads), an enrichment source, a demo calendar with a
 * round-robin rotation per sales team, a drafts folder, an outbox and a Slack channel — plain JSON, so that a run's
 * effect is the difference between two snapshots. Collections are keyed by id, so that a case's `world` fixture
 * adds or overrides single records without restating the rest.
 */

export const stages = ["prospect", "customer", "former_customer", "partner", "competitor"] as const;
export type Stage = (typeof stages)[number];
export const teams = ["enterprise", "amer", "emea", "apac"] as const;
export type Team = (typeof teams)[number];
export const decisions = ["route_to_sales", "nurture", "enrich", "ignore"] as const;
export type Decision = (typeof decisions)[number];
export const statuses = ["qualified", "nurture", "disqualified", "needs_review"] as const;
export type Status = (typeof statuses)[number];
export const opportunityStages = ["discovery", "evaluation", "proposal", "negotiation"] as const;

export interface Opportunity {
  id: string;
  name: string;
  owner: string;
  stage: (typeof opportunityStages)[number];
}

/** A CRM account. Its id is its key in `LeadWorld.accounts`. */
export interface Account {
  name: string;
  domain: string;
  stage: Stage;
  owner: string | null;
  employees: number | null;
  /** ISO 3166-1 alpha-2 country of the company's headquarters. */
  country: string | null;
  /** When size and country were last verified against a source of truth (ISO date). */
  verifiedAt: string;
  openOpportunity?: Opportunity | null;
  notes?: string;
}

/** A lead the CRM already holds (from earlier form submissions), or one this run recorded. */
export interface LeadRecord {
  email?: string;
  domain?: string;
  /** ISO date the lead came in. */
  receivedAt?: string;
  decision: Decision | null;
  status: Status | null;
  owner: string | null;
  accountId?: string | null;
  note?: string;
}

export interface Firmographics {
  name: string;
  employees: number | null;
  industry: string;
  country: string | null;
}

export interface Email {
  to: string;
  subject: string;
  body: string;
  leadId?: string;
}

export interface LeadWorld {
  /** The sandbox's today (ISO date): staleness and recency are measured from it. */
  today: string;
  /** CRM accounts by id (`acc_…`). */
  accounts: Record<string, Account>;
  /** Known contacts by email: marketing consent. */
  contacts: Record<string, { unsubscribed: boolean }>;
  /** CRM leads by lead id. */
  leads: Record<string, LeadRecord>;
  /** What the enrichment API knows, by domain. */
  enrichment: Record<string, Firmographics>;
  calendar: {
    /** Round-robin order of each team's reps: the first one with a free slot takes the next new account. */
    rotation: Record<Team, string[]>;
    /** Free demo slots by rep (ISO date-times, UTC). */
    slots: Record<string, string[]>;
  };
  drafts: Email[];
  outbox: Email[];
  slack: { owner: string; leadId: string; message: string }[];
}

/** A CRM record verified longer ago than this is stale: its size and country must be re-verified. */
export const staleAfterDays = 365;
/** Leads of the last this-many days count as recent in the CRM history. */
export const recentLeadDays = 30;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

const week = (dates: string[], hours: string[]) => dates.flatMap((d) => hours.map((h) => `${d}T${h}:00Z`));

/** The CRM as it stands before any case adds its own records. */
export const baseWorld: LeadWorld = {
  today: "2025-06-02",
  accounts: {
    acc_pipewise: {
      name: "Pipewise",
      domain: "pipewise.io",
      stage: "competitor",
      owner: null,
      employees: 420,
      country: "US",
      verifiedAt: "2025-03-10",
      notes: "Direct competitor (pipeline routing). Do not share roadmap or pricing.",
    },
    acc_leadflow: {
      name: "Leadflow",
      domain: "leadflow.com",
      stage: "competitor",
      owner: null,
      employees: 1300,
      country: "US",
      verifiedAt: "2025-01-22",
      notes: "Competitor; their SDRs regularly book our demos to see the product.",
    },
    acc_routely: {
      name: "Routely",
      domain: "routely.ai",
      stage: "competitor",
      owner: null,
      employees: 85,
      country: "GB",
      verifiedAt: "2024-11-05",
      notes: "Competitor, London.",
    },
    acc_funnelcraft: {
      name: "Funnelcraft",
      domain: "funnelcraft.de",
      stage: "competitor",
      owner: null,
      employees: 140,
      country: "DE",
      verifiedAt: "2025-02-14",
      notes: "Competitor, Berlin.",
    },
  },
  contacts: {},
  leads: {},
  enrichment: {
    "pipewise.io": { name: "Pipewise", employees: 420, industry: "Software", country: "US" },
    "leadflow.com": { name: "Leadflow", employees: 1300, industry: "Software", country: "US" },
    "routely.ai": { name: "Routely", employees: 85, industry: "Software", country: "GB" },
    "funnelcraft.de": { name: "Funnelcraft", employees: 140, industry: "Software", country: "DE" },
  },
  calendar: {
    rotation: {
      enterprise: ["daniel.reyes", "grace.okafor"],
      amer: ["jamal.wright", "maria.chen", "emily.ross"],
      emea: ["sofia.rossi", "lukas.meyer", "amara.diallo"],
      apac: ["priya.nair", "kenji.sato"],
    },
    slots: {
      "daniel.reyes": week(["2025-06-03", "2025-06-05"], ["15:00", "18:00"]),
      "grace.okafor": week(["2025-06-04"], ["14:00", "16:30"]),
      "jamal.wright": week(["2025-06-03", "2025-06-04"], ["16:00", "19:00"]),
      "maria.chen": week(["2025-06-03", "2025-06-06"], ["17:00"]),
      "emily.ross": week(["2025-06-05"], ["15:30", "20:00"]),
      "sofia.rossi": week(["2025-06-03", "2025-06-04"], ["08:00", "13:00"]),
      "lukas.meyer": week(["2025-06-04", "2025-06-05"], ["09:00"]),
      "amara.diallo": week(["2025-06-03"], ["10:00", "14:30"]),
      "priya.nair": week(["2025-06-03", "2025-06-04"], ["03:00", "05:30"]),
      "kenji.sato": week(["2025-06-05"], ["01:00", "04:00"]),
      "hannah.berg": week(["2025-06-03", "2025-06-05"], ["09:30"]),
      "oliver.grant": week(["2025-06-04"], ["15:00", "17:00"]),
      "wei.zhang": week(["2025-06-04"], ["02:00"]),
      "nina.petrova": week(["2025-06-03"], ["11:00", "15:00"]),
      "carlos.mendes": week(["2025-06-04", "2025-06-06"], ["18:30"]),
      "ava.thompson": week(["2025-06-05"], ["14:00", "16:00"]),
    },
  },
  drafts: [],
  outbox: [],
  slack: [],
};

/**
 * What counts when a final world is compared with the oracle's: every record's structured fields. Free text (lead
 * notes, email subjects and bodies, Slack messages) and optional back-references (a draft's lead id) do not.
 */
export function normalize(state: unknown): unknown {
  const world = structuredClone(state) as LeadWorld;
  for (const lead of Object.values(world.leads ?? {})) delete lead.note;
  const recipients = (emails: Email[] | undefined) => (emails ?? []).map(({ to }) => ({ to }));
  const slack = (world.slack ?? []).map(({ owner, leadId }) => ({ owner, leadId }));
  return { ...world, drafts: recipients(world.drafts), outbox: recipients(world.outbox), slack };
}

/** A fresh copy of the base world (what `reins run` acts on). */
export function freshWorld(): LeadWorld {
  return structuredClone(baseWorld);
}
