/**
 * The support-triage sandbox: a helpdesk (tickets), the customer accounts with their plans, a knowledge base, and
 * the places a run leaves traces (reply drafts, sent replies, tier-2 handoffs, refunds), as plain JSON so that a
 * run's effect is the difference between two snapshots.
 */

export const products = ["invoicing", "payroll", "timesheets"] as const;
export type Product = (typeof products)[number];
export const plans = ["free", "pro", "business", "enterprise"] as const;
export type Plan = (typeof plans)[number];
export const ticketStatuses = ["new", "open", "pending", "solved", "closed"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const priorities = ["p1", "p2", "p3", "p4"] as const;
export const categories = [
  "how_to",
  "bug",
  "outage",
  "billing",
  "account_access",
  "feature_request",
  "other",
] as const;
export const queues = ["tier1", "tier2", "billing"] as const;

export interface Customer {
  company: string;
  plan: Plan;
  products: Product[];
  seats: number;
  /** When the plan was last synced from the billing system (ISO date). */
  planVerifiedAt: string;
}

/** A ticket as the helpdesk stores it. Triage fields are absent until someone sets them. */
export interface TicketRecord {
  /** The requester's account, or null when the sender matches no customer. */
  customerId: string | null;
  /** The product picked on the form (`unsure` when the customer did not know). */
  product: Product | "unsure";
  subject: string;
  status: TicketStatus;
  createdAt: string;
  priority?: (typeof priorities)[number] | null;
  category?: (typeof categories)[number] | null;
  queue?: (typeof queues)[number];
  assignee?: string | null;
  duplicateOf?: string | null;
  note?: string;
}

export interface Article {
  articleId: string;
  /** The product it documents, or `all` for account-wide topics. */
  product: Product | "all";
  title: string;
  summary: string;
  /** Words the search matches on. */
  keywords: string[];
  /** Archived articles describe retired versions: they are still found, and must not be used to answer. */
  archived: boolean;
  updatedAt: string;
}

export interface SupportWorld {
  /** The sandbox's date: plans verified more than {@link staleAfterDays} days before it are stale. */
  today: string;
  customers: Record<string, Customer>;
  tickets: Record<string, TicketRecord>;
  articles: Article[];
  drafts: { ticketId: string; articleId: string | null; body: string }[];
  outbox: { ticketId: string; body: string }[];
  tier2Handoffs: { ticketId: string; priority: string; summary: string }[];
  refunds: { ticketId: string; amount: number; currency: string }[];
}

/** A plan record older than this is stale: billing may have changed it since. */
export const staleAfterDays = 30;

const customers: Record<string, Customer> = {
  "C-100": {
    company: "Brightline Dental",
    plan: "pro",
    products: ["invoicing"],
    seats: 6,
    planVerifiedAt: "2025-05-30",
  },
  "C-101": {
    company: "Kestrel Logistics",
    plan: "enterprise",
    products: ["invoicing", "payroll", "timesheets"],
    seats: 1250,
    planVerifiedAt: "2025-05-31",
  },
  "C-102": {
    company: "Mara Okafor Design",
    plan: "free",
    products: ["invoicing"],
    seats: 1,
    planVerifiedAt: "2025-05-28",
  },
  "C-103": {
    company: "Hollis & Pratt LLP",
    plan: "business",
    products: ["payroll", "timesheets"],
    seats: 48,
    planVerifiedAt: "2025-05-25",
  },
  "C-104": {
    company: "Tidewater Brewing Co.",
    plan: "pro",
    products: ["payroll"],
    seats: 22,
    planVerifiedAt: "2025-05-29",
  },
  "C-105": {
    company: "Nordlicht Solar GmbH",
    plan: "business",
    products: ["invoicing", "payroll"],
    seats: 64,
    planVerifiedAt: "2025-05-27",
  },
  "C-106": {
    company: "Café Lumière",
    plan: "free",
    products: ["timesheets"],
    seats: 5,
    planVerifiedAt: "2025-05-20",
  },
  "C-107": {
    company: "Greenfield School District",
    plan: "enterprise",
    products: ["payroll", "timesheets"],
    seats: 2100,
    planVerifiedAt: "2025-06-01",
  },
  "C-108": {
    company: "Pixel & Pine Studio",
    plan: "pro",
    products: ["invoicing", "timesheets"],
    seats: 9,
    planVerifiedAt: "2025-05-26",
  },
  "C-109": {
    company: "Sunrise Home Care",
    plan: "business",
    products: ["timesheets", "payroll"],
    seats: 140,
    planVerifiedAt: "2025-05-30",
  },
  "C-110": {
    company: "Rivera Fontanería",
    plan: "free",
    products: ["invoicing"],
    seats: 1,
    planVerifiedAt: "2025-05-18",
  },
  "C-111": {
    company: "Atlas Robotics",
    plan: "enterprise",
    products: ["invoicing"],
    seats: 45,
    planVerifiedAt: "2025-05-31",
  },
  "C-112": {
    company: "Quayside Vets",
    plan: "pro",
    products: ["invoicing", "payroll"],
    seats: 15,
    planVerifiedAt: "2025-05-22",
  },
  "C-113": {
    company: "Owlstone Books",
    plan: "free",
    products: ["timesheets"],
    seats: 3,
    planVerifiedAt: "2025-05-24",
  },
  "C-114": {
    company: "Meridian Clinics Group",
    plan: "enterprise",
    products: ["timesheets", "payroll"],
    seats: 3400,
    planVerifiedAt: "2025-05-31",
  },
  "C-115": {
    company: "Bluefin Charters",
    plan: "business",
    products: ["invoicing"],
    seats: 12,
    planVerifiedAt: "2025-05-29",
  },
};

/** Tickets already in the helpdesk before any case's ticket arrives: the history duplicates are found in. */
const tickets: Record<string, TicketRecord> = {
  "T-0950": {
    customerId: "C-101",
    product: "payroll",
    subject: "Payslips show last month's tax code",
    status: "open",
    createdAt: "2025-05-28T10:12:00Z",
    priority: "p2",
    category: "bug",
    queue: "tier2",
  },
  "T-0961": {
    customerId: "C-103",
    product: "timesheets",
    subject: "Export hours to payroll skips two partners",
    status: "open",
    createdAt: "2025-05-30T15:40:00Z",
    priority: "p3",
    category: "bug",
    queue: "tier2",
  },
  "T-0972": {
    customerId: "C-107",
    product: "timesheets",
    subject: "Substitute teachers cannot clock in on the kiosk",
    status: "open",
    createdAt: "2025-06-01T07:05:00Z",
    priority: "p2",
    category: "bug",
    queue: "tier2",
    assignee: "r.osei@tallyworks.example",
  },
  "T-0980": {
    customerId: "C-100",
    product: "invoicing",
    subject: "Payment reminders not going out",
    status: "open",
    createdAt: "2025-05-31T09:30:00Z",
    priority: "p3",
    category: "bug",
    queue: "tier2",
  },
  "T-0981": {
    customerId: "C-104",
    product: "payroll",
    subject: "Add our new brewer to payroll",
    status: "solved",
    createdAt: "2025-05-20T13:00:00Z",
    priority: "p4",
    category: "how_to",
    queue: "tier1",
  },
  "T-0990": {
    customerId: "C-111",
    product: "invoicing",
    subject: "Need your W-9 form for our vendor file",
    status: "pending",
    createdAt: "2025-05-29T16:20:00Z",
    priority: "p3",
    category: "billing",
    queue: "billing",
  },
  "T-0995": {
    customerId: "C-109",
    product: "timesheets",
    subject: "Caregivers' overtime alerts firing at 38 hours",
    status: "open",
    createdAt: "2025-05-27T11:45:00Z",
    priority: "p4",
    category: "how_to",
    queue: "tier1",
  },
  "T-0999": {
    customerId: "C-108",
    product: "invoicing",
    subject: "Logo looks blurry on invoice PDF",
    status: "open",
    createdAt: "2025-05-30T08:50:00Z",
    priority: "p3",
    category: "bug",
    queue: "tier2",
  },
};

const article = (
  articleId: string,
  product: Article["product"],
  title: string,
  summary: string,
  keywords: string[],
  archived = false,
): Article => ({ articleId, product, title, summary, keywords, archived, updatedAt: "2025-04-15" });

const articles: Article[] = [
  article(
    "KB-001",
    "all",
    "Share an idea: the feature request portal",
    "Feature requests are collected and voted on in the ideas portal; the product team reviews the top ideas each quarter.",
    ["feature", "idea", "ideas", "request", "add", "suggestion", "mode", "wish"],
  ),
  article(
    "KB-002",
    "all",
    "Reset your password or two-factor login",
    "Use 'Forgot password' on the sign-in page; if the email does not arrive within 5 minutes, check spam and allow noreply@tallyworks.example.",
    ["password", "reset", "forgot", "two-factor", "2fa", "login", "email", "arrive"],
  ),
  article(
    "KB-003",
    "all",
    "Privacy requests: get a copy of your data or have it deleted",
    "The account owner can download all personal data from Settings > Privacy, or ask privacy@tallyworks.example; we answer within 30 days.",
    ["privacy", "gdpr", "rgpd", "dsgvo", "personal", "data", "copy", "delete"],
  ),
  article(
    "KB-004",
    "all",
    "Give your accountant or bookkeeper access",
    "The account owner invites an accountant from Settings > Users with the Accountant role; each company grants access to its own data only.",
    ["accountant", "bookkeeper", "access", "invite", "user", "role"],
  ),
  article(
    "KB-101",
    "invoicing",
    "Send automatic payment reminders",
    "Turn on Reminders in Settings > Invoicing to email clients 3, 7 and 14 days after an invoice is overdue.",
    ["reminder", "reminders", "overdue", "automatic", "automatically", "chase", "late"],
  ),
  article(
    "KB-102",
    "invoicing",
    "Add your VAT number and tax rates to invoices",
    "Enter your VAT or tax number in Company settings; tax rates are set per line item and shown on the PDF.",
    ["vat", "tax", "rate", "rates", "number"],
  ),
  article(
    "KB-103",
    "invoicing",
    "Export invoices to CSV for your accountant",
    "Invoices > Export lets you download any date range as CSV or PDF bundle for your accountant or tax advisor.",
    ["export", "csv", "accountant", "download", "advisor"],
  ),
  article(
    "KB-104",
    "invoicing",
    "Customize your invoice template and logo",
    "Upload a logo (PNG, at least 600 px wide) and choose colours in Settings > Templates.",
    ["template", "logo", "customize", "branding", "colours", "colors"],
  ),
  article(
    "KB-105",
    "invoicing",
    "Known issue: invoice preview is blank in Safari 17",
    "A Safari 17 bug shows a blank invoice preview; the PDF itself is fine. Workaround: download the PDF or use Chrome or Firefox until the fix ships.",
    ["preview", "blank", "safari", "pdf"],
  ),
  article(
    "KB-106",
    "invoicing",
    "Recurring invoices: set up, pause and resume",
    "Make any invoice recurring (weekly, monthly, yearly) and pause or resume the schedule from Invoices > Recurring.",
    ["recurring", "repeat", "monthly", "schedule", "pause", "resume"],
  ),
  article(
    "KB-107",
    "invoicing",
    "Credit notes and partial refunds for your clients",
    "Issue a credit note against one of your invoices to refund a client in part or in full.",
    ["credit", "note", "refund", "client", "partial"],
  ),
  article(
    "KB-108",
    "invoicing",
    "Connect Stripe to take online payments (Invoicing v1)",
    "For the retired v1 invoicing app only: paste your Stripe secret key under Integrations.",
    ["stripe", "connect", "online", "payments", "pay"],
    true,
  ),
  article(
    "KB-201",
    "payroll",
    "Run payroll step by step",
    "Review hours, check the summary and submit the pay run at least two banking days before payday.",
    ["run", "payroll", "submit", "payday", "steps"],
  ),
  article(
    "KB-202",
    "payroll",
    "Correct a payslip after payroll was submitted",
    "Open the pay run, choose 'Correct payslip' for the employee; the difference is paid or recovered in the next run.",
    ["payslip", "correct", "mistake", "amend", "submitted"],
  ),
  article(
    "KB-203",
    "payroll",
    "Year-end tax forms: W-2 and P60",
    "Year-end forms are generated after the last pay run of the tax year; download them from Payroll > Documents.",
    ["w-2", "p60", "year-end", "forms", "tax", "documents"],
  ),
  article(
    "KB-204",
    "payroll",
    "Add a new employee and their bank details",
    "People > Add employee; enter tax details and bank account before the pay run's cut-off.",
    ["employee", "hire", "add", "bank", "details", "onboard", "mitarbeiter", "bankverbindung"],
  ),
  article(
    "KB-205",
    "payroll",
    "Direct deposit timing and bank holidays",
    "Deposits land on payday when the run was submitted two banking days before; a bank holiday moves them to the next banking day.",
    ["deposit", "deposits", "direct", "holiday", "timing", "arrive"],
  ),
  article(
    "KB-206",
    "payroll",
    "Payroll calendar in the classic dashboard",
    "For the classic dashboard retired in 2024: set pay dates under Calendar.",
    ["calendar", "pay", "dates", "classic", "dashboard"],
    true,
  ),
  article(
    "KB-301",
    "timesheets",
    "Approve timesheets as a manager",
    "Managers approve timesheets from Team > Pending, one by one or all at once with 'Approve all'.",
    ["approve", "timesheets", "manager", "pending", "bulk"],
  ),
  article(
    "KB-302",
    "timesheets",
    "Fix a missed clock-in or clock-out",
    "Open the day in My hours and use Edit to add the missing punch; your manager sees the change.",
    ["clock", "missed", "forgot", "edit", "punch", "clock-out", "clock-in"],
  ),
  article(
    "KB-303",
    "timesheets",
    "Overtime rules and alerts",
    "Overtime alerts warn 2 hours before the weekly limit by default; change the threshold in Settings > Overtime.",
    ["overtime", "alert", "alerts", "threshold", "weekly", "limit"],
  ),
  article(
    "KB-304",
    "timesheets",
    "Use the mobile app offline",
    "The mobile app records clock-ins without a connection and syncs them when the phone is back online.",
    ["mobile", "app", "offline", "signal", "sync", "phone"],
  ),
  article(
    "KB-305",
    "timesheets",
    "Export hours to payroll",
    "Approved hours are sent to payroll when the pay period closes; unapproved hours are left out.",
    ["export", "hours", "payroll", "sync"],
  ),
];

/** The base world every trial starts from (a case's `world` is merged over it). */
export function baseWorld(): SupportWorld {
  return structuredClone({
    today: "2025-06-02",
    customers,
    tickets,
    articles,
    drafts: [],
    outbox: [],
    tier2Handoffs: [],
    refunds: [],
  });
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
