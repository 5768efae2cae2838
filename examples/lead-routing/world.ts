/**
 * The lead-routing sandbox: a small CRM, an enrichment source, a calendar, an outbox and a Slack channel, as
 * plain JSON so that a run's effect is the difference between two snapshots.
 */
export interface Account {
  id: string;
  domain: string;
  name: string;
  owner: string | null;
  stage: "prospect" | "open_opportunity" | "customer" | "churned";
  employees: number | null;
  /** When the record was last verified against a source of truth (ISO date). */
  verifiedAt: string;
  unsubscribed?: string[];
}

export interface LeadRecord {
  leadId: string;
  decision?: string;
  status?: string;
  owner?: string | null;
  note?: string;
}

export interface LeadWorld {
  accounts: Account[];
  /** Enrichment source, by domain: what an enrichment API would return. */
  enrichment: Record<string, { employees: number | null; industry: string; country: string }>;
  /** Free meeting slots, by owner. */
  calendar: Record<string, string[]>;
  leads: LeadRecord[];
  drafts: { to: string; subject: string; body: string }[];
  outbox: { to: string; subject: string; body: string }[];
  slack: { owner: string; message: string }[];
}

export function emptyLeadWorld(): LeadWorld {
  return { accounts: [], enrichment: {}, calendar: {}, leads: [], drafts: [], outbox: [], slack: [] };
}
